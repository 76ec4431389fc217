namespace EdgeSound.Native.Gpiod;

/// <summary>Which edges an input line reports.</summary>
public enum GpioEdge
{
    /// <summary>Low-to-high transitions (<c>GPIOD_LINE_EVENT_RISING_EDGE</c>).</summary>
    Rising = 1,

    /// <summary>High-to-low transitions (<c>GPIOD_LINE_EVENT_FALLING_EDGE</c>), e.g. a button to ground pressed.</summary>
    Falling = 2,

    /// <summary>Both transitions (request only).</summary>
    Both = 3,
}

/// <summary>Internal bias resistor of an input line (<c>GPIOD_LINE_REQUEST_FLAG_BIAS_*</c>; needs kernel 5.5+).</summary>
public enum GpioBias
{
    /// <summary>Leave the bias as configured (device tree / firmware).</summary>
    AsIs = 0,

    /// <summary>No pull resistor.</summary>
    Disabled = 1,

    /// <summary>Pull-down resistor.</summary>
    PullDown = 2,

    /// <summary>Pull-up resistor (a button between the pin and ground).</summary>
    PullUp = 3,
}

/// <summary>One edge event read from an input line.</summary>
/// <param name="Edge"><see cref="GpioEdge.Rising"/> or <see cref="GpioEdge.Falling"/>.</param>
/// <param name="Timestamp">Kernel timestamp of the edge (CLOCK_MONOTONIC on kernels 5.7+, CLOCK_REALTIME before).</param>
public readonly record struct GpioEdgeEvent(GpioEdge Edge, TimeSpan Timestamp);
