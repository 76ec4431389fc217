namespace EdgeSound.Daemon.Detection;

/// <summary>Receives one frontend frame: <c>bands</c> int8 log-mel values (the model's input scale), valid only during the call.</summary>
public delegate void FrameObserver(ReadOnlySpan<sbyte> frame);
