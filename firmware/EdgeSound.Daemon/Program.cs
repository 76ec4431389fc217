using System.CommandLine;
using EdgeSound.Daemon.Hosting;

var input = new Option<string?>("--input") { Description = "WAV file (any rate or depth), ALSA capture device name, or - for stdin: a WAV stream, or raw PCM (audio:format/sample_rate/channels)." };
var speed = new Option<string?>("--speed") { Description = "File input pace: realtime or max." };
var config = new Option<string?>("--config") { Description = "Configuration file (YAML or JSON); see deploy/edgesound.yaml." };
var model = new Option<string?>("--model") { Description = "Model file (.onnx); default: the shipped model in models/ beside the program." };
var events = new Option<string?>("--events") { Description = "Append one JSON object per event and line to FILE, or write them to stdout with -." };
var mqtt = new Option<string?>("--mqtt") { Description = "Broker for this run: mqtt://[user@]host[:port] or mqtts://[user@]host[:port]." };
var checkAudio = new Option<bool>("--check-audio") { Description = "Record a few seconds from the configured input and report format, level, DC offset and clipping." };
var playCue = new Option<string?>("--play-cue") { Description = "Play one cue pattern (e.g. \"bpm=150 wave=square: C5/8 E5/8 G5/4\") on cues:device and exit." };
var selfTest = new Option<bool>("--self-test") { Description = "Play a test cue on cues:device and report whether audio:input heard it (level and delay)." };
var set = new Option<string[]>("--set") { Description = "Override any configuration key: --set detection:hop_s=0.25 (repeatable)." };
var root = new RootCommand("EdgeSound daemon: listens continuously, detects sound events, alerts over MQTT / Home Assistant.")
{
    input, speed, config, model, events, mqtt, checkAudio, playCue, selfTest, set,
};
root.SetAction(parse => DaemonApp.Run(new CommandLineInputs(
    parse.GetValue(input),
    parse.GetValue(speed),
    parse.GetValue(config),
    parse.GetValue(model),
    parse.GetValue(events),
    parse.GetValue(mqtt),
    parse.GetValue(checkAudio),
    parse.GetValue(set) ?? [],
    parse.GetValue(playCue),
    parse.GetValue(selfTest))));
return CommandLineUsage.Invoke(root, args, _ => "edgesound");
