using System.Runtime.InteropServices;

namespace EdgeSound.Native.Mosquitto.Interop;

/// <summary>
/// P/Invoke declarations for libmosquitto 2.0 (<c>mosquitto.h</c>). Calls that can fail with
/// <c>MOSQ_ERR_ERRNO</c> capture errno (<c>SetLastError</c>).
/// </summary>
internal static unsafe partial class LibMosquitto
{
    private const string Library = "libmosquitto.so.1";

    [LibraryImport(Library, EntryPoint = "mosquitto_lib_init")]
    internal static partial int LibInit();

    [LibraryImport(Library, EntryPoint = "mosquitto_lib_version")]
    internal static partial int LibVersion(out int major, out int minor, out int revision);

    [LibraryImport(Library, EntryPoint = "mosquitto_new", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial nint New(string? id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, nint userData);

    [LibraryImport(Library, EntryPoint = "mosquitto_destroy")]
    internal static partial void Destroy(nint mosq);

    [LibraryImport(Library, EntryPoint = "mosquitto_username_pw_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int UsernamePasswordSet(SafeMosquittoHandle mosq, string? username, string? password);

    [LibraryImport(Library, EntryPoint = "mosquitto_will_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int WillSet(SafeMosquittoHandle mosq, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Library, EntryPoint = "mosquitto_will_clear")]
    internal static partial int WillClear(SafeMosquittoHandle mosq);

    [LibraryImport(Library, EntryPoint = "mosquitto_tls_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int TlsSet(SafeMosquittoHandle mosq, string? caFile, string? caPath, string? certFile, string? keyFile, nint passwordCallback);

    [LibraryImport(Library, EntryPoint = "mosquitto_tls_insecure_set")]
    internal static partial int TlsInsecureSet(SafeMosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool insecure);

    [LibraryImport(Library, EntryPoint = "mosquitto_connect", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Connect(SafeMosquittoHandle mosq, string host, int port, int keepAlive);

    [LibraryImport(Library, EntryPoint = "mosquitto_connect_async", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int ConnectAsync(SafeMosquittoHandle mosq, string host, int port, int keepAlive);

    [LibraryImport(Library, EntryPoint = "mosquitto_reconnect", SetLastError = true)]
    internal static partial int Reconnect(SafeMosquittoHandle mosq);

    [LibraryImport(Library, EntryPoint = "mosquitto_disconnect", SetLastError = true)]
    internal static partial int Disconnect(SafeMosquittoHandle mosq);

    [LibraryImport(Library, EntryPoint = "mosquitto_publish", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Publish(SafeMosquittoHandle mosq, out int messageId, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Library, EntryPoint = "mosquitto_subscribe", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Subscribe(SafeMosquittoHandle mosq, out int messageId, string pattern, int qos);

    [LibraryImport(Library, EntryPoint = "mosquitto_unsubscribe", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Unsubscribe(SafeMosquittoHandle mosq, out int messageId, string pattern);

    [LibraryImport(Library, EntryPoint = "mosquitto_loop", SetLastError = true)]
    internal static partial int Loop(SafeMosquittoHandle mosq, int timeoutMs, int maxPackets);

    [LibraryImport(Library, EntryPoint = "mosquitto_reconnect_delay_set")]
    internal static partial int ReconnectDelaySet(SafeMosquittoHandle mosq, uint delaySeconds, uint maxDelaySeconds, [MarshalAs(UnmanagedType.U1)] bool exponentialBackoff);

    [LibraryImport(Library, EntryPoint = "mosquitto_socket")]
    internal static partial int Socket(SafeMosquittoHandle mosq);

    [LibraryImport(Library, EntryPoint = "mosquitto_connect_callback_set")]
    internal static partial void ConnectCallbackSet(nint mosq, delegate* unmanaged<nint, nint, int, void> callback);

    [LibraryImport(Library, EntryPoint = "mosquitto_disconnect_callback_set")]
    internal static partial void DisconnectCallbackSet(nint mosq, delegate* unmanaged<nint, nint, int, void> callback);

    [LibraryImport(Library, EntryPoint = "mosquitto_publish_callback_set")]
    internal static partial void PublishCallbackSet(nint mosq, delegate* unmanaged<nint, nint, int, void> callback);

    [LibraryImport(Library, EntryPoint = "mosquitto_subscribe_callback_set")]
    internal static partial void SubscribeCallbackSet(nint mosq, delegate* unmanaged<nint, nint, int, int, int*, void> callback);

    [LibraryImport(Library, EntryPoint = "mosquitto_message_callback_set")]
    internal static partial void MessageCallbackSet(nint mosq, delegate* unmanaged<nint, nint, MosquittoMessageNative*, void> callback);

    [LibraryImport(Library, EntryPoint = "mosquitto_strerror")]
    internal static partial byte* StrError(int error);

    [LibraryImport(Library, EntryPoint = "mosquitto_connack_string")]
    internal static partial byte* ConnackString(int code);

    /// <summary><c>struct mosquitto_message</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MosquittoMessageNative
    {
        public int Mid;
        public byte* Topic;
        public byte* Payload;
        public int PayloadLength;
        public int Qos;
        public byte Retain;
    }

    internal static string Text(byte* text, int code) =>
        text is null ? $"code {code}" : Marshal.PtrToStringUTF8((nint)text) ?? $"code {code}";
}
