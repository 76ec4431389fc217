namespace EdgeSound.Learning.Data;

/// <summary>The 50 class names of ESC-50 (its meta/esc50.csv <c>category</c> column), in target order 0-49.</summary>
public static class Esc50Classes
{
    public static readonly IReadOnlyList<string> All =
    [
        "dog", "rooster", "pig", "cow", "frog", "cat", "hen", "insects", "sheep", "crow", "rain", "sea_waves",
        "crackling_fire", "crickets", "chirping_birds", "water_drops", "wind", "pouring_water", "toilet_flush",
        "thunderstorm", "crying_baby", "sneezing", "clapping", "breathing", "coughing", "footsteps", "laughing",
        "brushing_teeth", "snoring", "drinking_sipping", "door_wood_knock", "mouse_click", "keyboard_typing",
        "door_wood_creaks", "can_opening", "washing_machine", "vacuum_cleaner", "clock_alarm", "clock_tick",
        "glass_breaking", "helicopter", "chainsaw", "siren", "car_horn", "engine", "train", "church_bells", "airplane",
        "fireworks", "hand_saw",
    ];
}
