using System.Runtime.InteropServices;

namespace EdgeSound.Native.Alsa.Interop;

/// <summary>
/// P/Invoke declarations for the parts of libasound's PCM API the binding uses
/// (alsa-lib <c>pcm.h</c>). <c>snd_pcm_uframes_t</c> is <c>unsigned long</c> and
/// <c>snd_pcm_sframes_t</c> is <c>long</c>, hence <see cref="nuint"/> / <see cref="nint"/>.
/// </summary>
internal static unsafe partial class LibAsound
{
    private const string Library = "libasound.so.2";

    internal const int StreamPlayback = 0;
    internal const int StreamCapture = 1;
    internal const int AccessRwInterleaved = 3;

    [LibraryImport(Library, EntryPoint = "snd_pcm_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int PcmOpen(out nint pcm, string name, int stream, int mode);

    [LibraryImport(Library, EntryPoint = "snd_pcm_close")]
    internal static partial int PcmClose(nint pcm);

    [LibraryImport(Library, EntryPoint = "snd_strerror")]
    internal static partial byte* StrError(int errnum);

    [LibraryImport(Library, EntryPoint = "snd_asoundlib_version")]
    internal static partial byte* AsoundlibVersion();

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_malloc")]
    internal static partial int HwParamsMalloc(out nint parameters);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_free")]
    internal static partial void HwParamsFree(nint parameters);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_any")]
    internal static partial int HwParamsAny(SafePcmHandle pcm, nint parameters);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_set_access")]
    internal static partial int HwParamsSetAccess(SafePcmHandle pcm, nint parameters, int access);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_set_format")]
    internal static partial int HwParamsSetFormat(SafePcmHandle pcm, nint parameters, int format);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_set_channels")]
    internal static partial int HwParamsSetChannels(SafePcmHandle pcm, nint parameters, uint channels);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_set_rate")]
    internal static partial int HwParamsSetRate(SafePcmHandle pcm, nint parameters, uint rate, int dir);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_set_rate_near")]
    internal static partial int HwParamsSetRateNear(SafePcmHandle pcm, nint parameters, ref uint rate, ref int dir);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_set_period_size_near")]
    internal static partial int HwParamsSetPeriodSizeNear(SafePcmHandle pcm, nint parameters, ref nuint frames, ref int dir);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_set_buffer_size_near")]
    internal static partial int HwParamsSetBufferSizeNear(SafePcmHandle pcm, nint parameters, ref nuint frames);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params")]
    internal static partial int HwParamsInstall(SafePcmHandle pcm, nint parameters);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_get_rate")]
    internal static partial int HwParamsGetRate(nint parameters, out uint rate, out int dir);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_get_period_size")]
    internal static partial int HwParamsGetPeriodSize(nint parameters, out nuint frames, out int dir);

    [LibraryImport(Library, EntryPoint = "snd_pcm_hw_params_get_buffer_size")]
    internal static partial int HwParamsGetBufferSize(nint parameters, out nuint frames);

    [LibraryImport(Library, EntryPoint = "snd_pcm_readi")]
    internal static partial nint ReadInterleaved(SafePcmHandle pcm, void* buffer, nuint frames);

    [LibraryImport(Library, EntryPoint = "snd_pcm_writei")]
    internal static partial nint WriteInterleaved(SafePcmHandle pcm, void* buffer, nuint frames);

    [LibraryImport(Library, EntryPoint = "snd_pcm_recover")]
    internal static partial int Recover(SafePcmHandle pcm, int err, int silent);

    [LibraryImport(Library, EntryPoint = "snd_pcm_prepare")]
    internal static partial int Prepare(SafePcmHandle pcm);

    [LibraryImport(Library, EntryPoint = "snd_pcm_start")]
    internal static partial int Start(SafePcmHandle pcm);

    [LibraryImport(Library, EntryPoint = "snd_pcm_drop")]
    internal static partial int Drop(SafePcmHandle pcm);

    [LibraryImport(Library, EntryPoint = "snd_pcm_drain")]
    internal static partial int Drain(SafePcmHandle pcm);

    [LibraryImport(Library, EntryPoint = "snd_pcm_state")]
    internal static partial int State(SafePcmHandle pcm);

    internal static string ErrorText(int error)
    {
        byte* text = StrError(error);
        return text is null ? $"error {error}" : Marshal.PtrToStringUTF8((nint)text) ?? $"error {error}";
    }
}
