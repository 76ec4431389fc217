using Xunit;

namespace EdgeSound.Daemon.Tests.Configuration;

/// <summary>
/// Issue 9's configuration examples, each with the line the user gets: every fault is one line naming the file and
/// position (or the option), the full key path and the value, and the run stops with exit code 2.
/// </summary>
public sealed class ConfigFaultTests : IDisposable
{
    private const string Prefix = "edgesound: configuration error: ";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-cfg-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private string Refused(string yaml, params string[] set)
    {
        var (code, lines, path) = ConfigRun.LoadText(_dir, yaml, set);
        Assert.Equal(2, code);
        var line = Assert.Single(lines);
        Assert.StartsWith(Prefix, line);
        return line[Prefix.Length..].Replace(path, "F", StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_flow_list_before_the_next_key_names_the_bracket()
    {
        Assert.Equal(
            "F:2:12: YAML syntax error: the '[' here is not closed by ']' before the next key",
            Refused("detection:\n  exclude: [rain, clock_tick\n  threshold: 0.6\n"));
        Assert.Equal(
            "F:2:12: YAML syntax error: the '{' here is not closed by '}' before the next key",
            Refused("detection:\n  classes: {dog: {threshold: 0.5}\n  threshold: 0.6\n"));
    }

    [Theory]
    [InlineData("detection:\n  exclude: [rain, clock_tick\n", "F:3:1: YAML syntax error: While parsing a flow sequence, did not find expected ',' or ']'.")]
    [InlineData("a: 1\na: 2\n", "F:2:1: YAML syntax error: Duplicate key a")]
    [InlineData("audio:\n\tspeed: max\n", "F:1:1: YAML syntax error: While scanning a mapping, found invalid tab as indentation.")]
    [InlineData("audio: {speed: max\n", "F:2:1: YAML syntax error: While parsing a flow mapping, did not find expected ',' or '}'.")]
    [InlineData("model: 'unterminated\n", "F:1:8: YAML syntax error: While scanning a quoted scalar, found unexpected end of stream.")]
    [InlineData("detection:\n  threshold: *x\n", "F:1:1: YAML syntax error: The anchor 'x' does not exists")]
    [InlineData("audio:\n  speed: max\n---\nmodel: x\n", "F:4:1: a second YAML document ('---'); a config file holds one")]
    [InlineData("{\"detection\": {\"threshold\": 0.5\n", "F:2:1: YAML syntax error: While parsing a flow mapping, did not find expected ',' or '}'.")]
    public void Syntax_faults_name_file_line_and_column(string yaml, string expected) => Assert.Equal(expected, Refused(yaml));

    [Theory]
    [InlineData("{\"a\": 1, \"a\": 2}\n", "F:1:10: JSON syntax error: Duplicate key a")]
    [InlineData("{\"detection\": {\"threshold\": 0.5\n", "F:2:1: JSON syntax error: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    public void Syntax_faults_of_a_json_file_are_called_json(string json, string expected) => Assert.Equal(expected, RefusedJson(json));

    [Theory]
    [InlineData("detection:\n  threshold: 0.5\n", "F:1:1: JSON syntax error: 'd' is an invalid start of a value.")]
    [InlineData("{detection: {threshold: 0.5}}\n", "F:1:2: JSON syntax error: 'd' is an invalid start of a property name. Expected a '\"'.")]
    [InlineData("{\"detection\": {\"threshold\": 0.5}} # calibrated\n", "F:1:35: JSON syntax error: '#' is invalid after a single JSON value. Expected end of data.")]
    [InlineData("{\n  \"detection\": {\"exclude\": [\"rain\",]}\n}\n", "F:2:36: JSON syntax error: The JSON array contains a trailing comma at the end which JSON does not allow.")]
    [InlineData("{\"detection\": {\"threshold\": 'x'}}", "F:1:29: JSON syntax error: ''' is an invalid start of a value.")]
    [InlineData("", "F:1:1: JSON syntax error: The input does not contain any JSON tokens. Expected the input to start with a valid JSON token.")]
    [InlineData("{\n  // calibrated\n  \"detection\": {}\n}\n", "F:2:3: JSON syntax error: a comment ('//' or '/* */'): JSON has no comments")]
    public void A_json_file_is_read_as_strict_json_not_as_yaml(string json, string expected) => Assert.Equal(expected, RefusedJson(json));

    [Fact]
    public void A_json_file_gets_the_key_rules_of_a_yaml_file_with_its_positions()
    {
        Assert.Equal(
            "F:1:32: logging:LEVEL repeats the key 'level' of line 1 in another case; keys are matched without regard to case, so write it once",
            RefusedJson("{\"logging\": {\"level\": \"Error\", \"LEVEL\": \"Verbose\"}}"));
        Assert.Equal("F:2:2: unknown key detecton; did you mean detection?", RefusedJson("{\n\t\"detecton\": {\"threshold\": 0.6}\n}\n"));
        Assert.Equal("F:1:29: detection:threshold must be a number in (0,1], got 'banana'", RefusedJson("{\"detection\": {\"threshold\": \"banana\"}}"));
        Assert.Equal("F:1:27: detection:exclude must be a list, e.g. [a, b], got 'rain'", RefusedJson("{\"detection\": {\"exclude\": \"rain\"}}"));
        var deep = "{\"detection\": " + new string('[', 70) + new string(']', 70) + "}";
        Assert.Equal("F:1:78: JSON nesting deeper than 64 levels here; a config file nests a few", RefusedJson(deep));
    }

    private string RefusedJson(string json)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "edgesound.json");
        File.WriteAllText(path, json);
        var (code, lines, _) = ConfigRun.Load(path);
        Assert.Equal(2, code);
        var line = Assert.Single(lines);
        Assert.StartsWith(Prefix, line);
        return line[Prefix.Length..].Replace(path, "F", StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_of_one_mapping_that_differ_only_in_case_are_refused_at_any_depth()
    {
        Assert.Equal(
            "F:5:5: detection:classes:DOG repeats the key 'dog' of line 3 in another case; keys are matched without regard to case, so write it once",
            Refused("detection:\n  classes:\n    dog:\n      threshold: 0.5\n    DOG:\n      threshold: 0.9\n"));
        Assert.Equal(
            "F:1:25: logging:LEVEL repeats the key 'level' of line 1 in another case; keys are matched without regard to case, so write it once",
            Refused("logging: {level: Error, LEVEL: Verbose}\n"));
        Assert.Equal(
            "--set: detection:classes:Dog repeats the key 'dog' in another case; keys are matched without regard to case, so write it once",
            Refused("", "detection:classes={dog: {threshold: 0.5}, Dog: {threshold: 0.9}}"));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_at_the_first_collection_too_deep_not_a_stack_overflow()
    {
        string deep = "detection:\n  exclude: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        Assert.Equal("F:2:74: YAML nesting deeper than 64 levels here; a config file nests a few", Refused(deep));
    }

    [Fact]
    public void Complex_mapping_key_is_refused_not_cast()
    {
        Assert.Equal("F:2:5: detection has a key that is a list; keys must be plain names", Refused("detection:\n  ? [a, b]\n  : 1\n"));
        Assert.Equal("F:1:3: the top level has a key that is a mapping; keys must be plain names", Refused("? {a: 1}\n: 2\n"));
    }

    [Fact]
    public void Scalar_where_a_list_belongs_is_refused()
    {
        Assert.Equal("F:2:12: detection:exclude must be a list, e.g. [a, b], got 'dog'", Refused("detection:\n  exclude: dog\n"));
        Assert.Equal("--set: detection:exclude must be a list, e.g. [a, b], got 'dog'", Refused("", "detection:exclude=dog"));
        Assert.Equal("--set: detection:exclude must be a YAML flow list or mapping such as [a, b] or {a: 1}, got '[rain, wind'", Refused("", "detection:exclude=[rain, wind"));
        Assert.Equal("F:2:17: mqtt:event_types:0 must be a single value, got a list", Refused("mqtt:\n  event_types: [[dog]]\n"));
    }

    [Fact]
    public void An_empty_list_entry_is_refused_where_it_stands()
    {
        Assert.Equal("F:3:7: detection:exclude:0 is empty (null); write a value or remove the entry, got '~'", Refused("detection:\n  exclude:\n    - ~\n"));
        Assert.Equal("F:2:18: detection:include:1 is empty (null); write a value or remove the entry, got '~'", Refused("detection:\n  include: [dog, ~, cat]\n"));
        Assert.Equal("F:3:7: mqtt:event_types:0 is empty (null); write a value or remove the entry, got 'null'", Refused("mqtt:\n  event_types:\n    - null\n"));
    }

    [Fact]
    public void A_bad_value_is_refused_the_same_at_every_depth()
    {
        Assert.Equal("F:2:14: detection:threshold must be a number in (0,1], got 'banana'", Refused("detection:\n  threshold: banana\n"));
        Assert.Equal(
            "F:4:18: detection:classes:dog:threshold must be a number in (0,1], got 'banana'",
            Refused("detection:\n  classes:\n    dog:\n      threshold: banana\n"));
        Assert.Equal(
            "--set: detection:classes:dog:threshold must be a number in (0,1], got 'banana'",
            Refused("", "detection:classes:dog:threshold=banana"));
        Assert.Equal("F:1:42: detection:classes:dog:quiet_hours must be HH:MM-HH:MM (local time, start != end), got '25:00-26:00'", Refused("detection: {classes: {dog: {quiet_hours: 25:00-26:00}}}\n"));
    }

    [Fact]
    public void Scalar_or_list_where_a_mapping_belongs_is_refused()
    {
        Assert.Equal(
            "F:1:12: detection must be a mapping of keys (hop_s, smoothing_windows, threshold, offset_threshold, min_duration_s, max_duration_s, ...), got '5'",
            Refused("detection: 5\n"));
        Assert.Equal("F:2:12: detection:classes must be a mapping of keys (<label>), got a list", Refused("detection:\n  classes: [dog, cat]\n"));
        Assert.Equal(
            "F:3:10: detection:classes:dog must be a mapping of keys (threshold, offset_threshold, min_duration_s, cooldown_s, quiet_hours), got '0.7'",
            Refused("detection:\n  classes:\n    dog: 0.7\n"));
        Assert.Equal("--set: detection:classes must be a mapping of keys (<label>), got a list", Refused("", "detection:classes=[dog, cat]"));
        Assert.Equal("F:1:1: the top level must be a mapping of keys (audio, model, allow_unverified_model, model_workers, detection, events, ...), got a list", Refused("- audio\n"));
    }

    [Fact]
    public void Unknown_keys_are_refused_at_any_depth_with_a_suggestion()
    {
        Assert.Equal("F:1:1: unknown key detecton; did you mean detection?", Refused("detecton:\n  threshold: 0.6\n"));
        Assert.Equal("F:3:5: unknown key mqtt:outbox:maxevents; did you mean mqtt:outbox:max_events?", Refused("mqtt:\n  outbox:\n    maxevents: 5\n"));
        Assert.Equal("--set: unknown key detection:classes:dog:treshold; did you mean detection:classes:dog:threshold?", Refused("", "detection:classes:dog:treshold=0.5"));
        Assert.Equal("--set: unknown key detection:hop_s:x", Refused("", "detection:hop_s:x=1"));
    }

    [Fact]
    public void Every_fault_is_reported_at_once_one_line_each()
    {
        var (code, lines, _) = ConfigRun.LoadText(_dir, "audio:\n  speed: fast\ndetection:\n  exclude: dog\n", "mqtt:port=x");
        Assert.Equal(2, code);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.EndsWith("audio:speed must be one of max, realtime, got 'fast'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("detection:exclude must be a list, e.g. [a, b], got 'dog'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("--set: mqtt:port must be a whole number in [1,65535], got 'x'", StringComparison.Ordinal));
    }

    [Fact]
    public void Right_values_in_the_same_places_are_accepted()
    {
        var (code, lines, options) = ConfigRun.Load(
            null,
            "detection:exclude=[rain, clock_tick]",
            "detection:classes:dog:threshold=0.7",
            "detection:classes={cat: {cooldown_s: 5}}",
            "detection:threshold=0.6",
            "mqtt:event_types:0=dog");
        Assert.Equal(0, code);
        Assert.Empty(lines);
        Assert.Equal(["rain", "clock_tick"], options.Detection.Exclude);
        Assert.Equal(0.7, options.Detection.Classes["dog"].Threshold);
        Assert.Equal(5, options.Detection.Classes["cat"].CooldownSeconds);
        Assert.Equal(["dog"], options.Mqtt.EventTypes);

        var json = Path.Combine(_dir, "c.json");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(json, "{\n\t\"detection\": {\n\t\t\"exclude\": [\"rain\"],\n\t\t\"classes\": {\"dog\": {\"threshold\": 0.7}}\n\t}\n}\n");
        (code, lines, options) = ConfigRun.Load(json);
        Assert.Equal(0, code);
        Assert.Empty(lines);
        Assert.Equal(["rain"], options.Detection.Exclude);
        Assert.Equal(0.7, options.Detection.Classes["dog"].Threshold);
    }

    [Fact]
    public void Paths_the_daemon_must_write_are_tried_at_start()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "plain-file");
        File.WriteAllText(file, "x");
        Assert.Equal($"logging:file: cannot write '{file}/edgesound.log': {file} is a file, not a directory", Refused($"logging:\n  file: {file}/edgesound.log\n"));
        Assert.Equal($"logging:file: cannot write '{_dir}': it is a directory", Refused($"logging:\n  file: {_dir}\n"));
        Assert.Equal($"events:file: cannot write '{file}/e.jsonl': {file} is a file, not a directory", Refused("", $"events:file={file}/e.jsonl"));
        Assert.Equal($"state_dir: cannot write '{file}': it is a file, not a directory", Refused("", $"state_dir={file}"));
        Assert.Equal(
            $"mqtt:outbox:path: cannot write '{file}/x/outbox.journal': {file} is a file, not a directory",
            Refused("", "mqtt:host=localhost", $"mqtt:outbox:path={file}/x/outbox.journal"));
        Assert.Equal($"clips:dir: cannot write '{file}/clips': {file} is a file, not a directory", Refused("", "clips:enabled=true", $"clips:dir={file}/clips"));
        var (badCode, badLines, _) = ConfigRun.Load(null, "clips:enabled=true", $"state_dir={file}");
        Assert.Equal(2, badCode);
        Assert.Contains($"edgesound: configuration error: clips:dir: cannot write '{file}/clips' (the default, in state_dir): {file} is a file, not a directory", badLines);
        Assert.Equal($"mqtt:ca_file: cannot read '{_dir}/none.crt': file not found", Refused("", "mqtt:host=localhost", $"mqtt:ca_file={_dir}/none.crt"));
        string procLine = Refused("", "logging:file=/proc/nope/x.log");
        Assert.StartsWith("logging:file: cannot write '/proc/nope/x.log': cannot create files in /proc: ", procLine, StringComparison.Ordinal);
        Assert.DoesNotContain(".edgesound-probe", procLine, StringComparison.Ordinal);
        Assert.Equal("logging:file: cannot write '/proc/nope/x.log': cannot create files in /proc: the file system takes no new files there", procLine);

        var (code, lines, _) = ConfigRun.Load(null, $"logging:file={_dir}/logs/new/edgesound.log", $"events:file={_dir}/out/e.jsonl", $"state_dir={_dir}/state");
        Assert.Equal(0, code);
        Assert.Empty(lines);
        Assert.False(Directory.Exists(Path.Combine(_dir, "logs")), "the check must not leave anything behind");
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_dir), e => Path.GetFileName(e).StartsWith(".edgesound-probe", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_the_run_writes_that_is_a_file_it_reads_or_writes_otherwise_is_refused_naming_both_keys()
    {
        Directory.CreateDirectory(_dir);
        var wav = Path.Combine(_dir, "input.wav");
        File.WriteAllBytes(wav, [1, 2, 3]);
        var model = Path.Combine(_dir, "model.onnx");
        File.WriteAllBytes(model, [4, 5, 6]);
        var link = Path.Combine(_dir, "link.onnx");
        File.CreateSymbolicLink(link, model);
        var state = Path.Combine(_dir, "state");

        Assert.Equal($"events:file: '{wav}' is the same file as audio:input ('{wav}'): the run would write into a file it reads",
            Refused("", $"audio:input={wav}", $"events:file={wav}", $"state_dir={state}"));
        Assert.Equal($"logging:file: '{link}' is the same file as model ('{model}'): the run would write into a file it reads",
            Refused("", $"model={model}", $"logging:file={link}", $"state_dir={state}"));
        Assert.Equal($"events:file: '{_dir}/sub/../e.jsonl' is the same file as logging:file ('{_dir}/e.jsonl'): the run would write both into one file",
            Refused("", $"logging:file={_dir}/e.jsonl", $"events:file={_dir}/sub/../e.jsonl", $"state_dir={state}"));
        Assert.Equal($"mqtt:outbox:path: '{state}/history.db' is the same file as the history database ('{state}/history.db', in state_dir): the run would write both into one file",
            Refused("", "mqtt:host=localhost", $"mqtt:outbox:path={state}/history.db", $"state_dir={state}"));
        var folderLink = Path.Combine(_dir, "models-link");
        Directory.CreateSymbolicLink(folderLink, _dir);
        Assert.Equal($"events:file: '{folderLink}/model.onnx' is the same file as model ('{model}'): the run would write into a file it reads",
            Refused("", $"model={model}", $"events:file={folderLink}/model.onnx", $"state_dir={state}"));
        var config = Path.Combine(_dir, "edgesound.yaml");
        File.WriteAllText(config, $"state_dir: {state}\n");
        var (code, lines, _) = ConfigRun.Load(config, $"events:file={config}");
        Assert.Equal(2, code);
        Assert.Equal($"edgesound: configuration error: events:file: '{config}' is the same file as --config ('{config}'): the run would write into a file it reads", Assert.Single(lines));

        (code, lines, _) = ConfigRun.Load(null, $"audio:input={wav}", $"model={model}", $"events:file={_dir}/e.jsonl", $"logging:file={_dir}/d.log", $"state_dir={state}");
        Assert.Equal(0, code);
        Assert.Empty(lines);
    }

    [Theory]
    [InlineData("küche 🐶")]
    [InlineData("pi.local")]
    [InlineData("a/b")]
    public void Device_ids_home_assistant_discovery_cannot_take_are_refused_naming_the_value_and_the_allowed_characters(string id) =>
        Assert.Equal(
            $"--set: mqtt:device_id must contain only the characters a-z, A-Z, 0-9, '_' and '-' (Home Assistant discovery ids), or be empty for edgesound-<hostname>, got '{id}'",
            Refused("", $"mqtt:device_id={id}"));

    [Theory]
    [InlineData("", "detection:exclude:999999=rain", "--set: detection:exclude:999999: list index 999999 must be 0..0 (the list has 0 entries; 0 appends one)")]
    [InlineData("detection:\n  exclude: [rain, wind]\n", "detection:exclude:3=dog", "--set: detection:exclude:3: list index 3 must be 0..2 (the list has 2 entries; 2 appends one)")]
    [InlineData("", "detection:include:01=dog", "--set: detection:include:01: list index 01 must be 0..0 (the list has 0 entries; 0 appends one)")]
    [InlineData("mqtt:\n  event_types: [dog]\n", "mqtt:event_types:2=siren", "--set: mqtt:event_types:2: list index 2 must be 0..1 (the list has 1 entry; 1 appends one)")]
    public void A_list_entry_past_the_end_of_its_list_is_refused_naming_key_and_index(string yaml, string set, string expected) =>
        Assert.Equal(expected, Refused(yaml, set));

    [Fact]
    public void List_entries_replace_one_or_append_one_in_order()
    {
        var (code, lines, _) = ConfigRun.LoadText(_dir, "detection:\n  exclude: [rain, wind]\n",
            "detection:exclude:1=dog", "detection:exclude:2=siren", "detection:exclude:3=crickets", "detection:include:0=glass_breaking", "detection:include:1=door_wood_knock");
        Assert.True(code == 0, string.Join('\n', lines));
        Assert.Equal(0, ConfigRun.Load(null, "detection:exclude=[]", "detection:exclude:0=rain").Code);
    }

    [Fact]
    public void Mqtt_files_that_exist_but_cannot_serve_are_refused_at_start_naming_key_and_file()
    {
        Directory.CreateDirectory(_dir);
        var empty = Path.Combine(_dir, "empty-password");
        File.WriteAllText(empty, "");
        var newline = Path.Combine(_dir, "newline-password");
        File.WriteAllText(newline, "\n");
        var notPem = Path.Combine(_dir, "ca.txt");
        File.WriteAllText(notPem, "not a certificate\n");
        const string Empty = "is empty: its first line must be the broker password";
        Assert.Equal($"mqtt:password_file: '{empty}' {Empty}", Refused("", "mqtt:host=localhost", "mqtt:username=edge", $"mqtt:password_file={empty}"));
        Assert.Equal($"mqtt:password_file: '{newline}' {Empty}", Refused("", "mqtt:host=localhost", "mqtt:username=edge", $"mqtt:password_file={newline}"));
        Assert.Equal($"mqtt:ca_file: '{notPem}': no PEM certificate in it", Refused("", "mqtt:host=localhost", "mqtt:tls=true", $"mqtt:ca_file={notPem}"));
        Assert.StartsWith(
            $"mqtt:cert_file: '{notPem}' with mqtt:key_file '{notPem}': cannot load the client certificate: ",
            Refused("", "mqtt:host=localhost", "mqtt:tls=true", $"mqtt:cert_file={notPem}", $"mqtt:key_file={notPem}"));

        // Without TLS a CA file is not used, so not read; a missing one is still named once, by the path check.
        Assert.Equal(0, ConfigRun.Load(null, "mqtt:host=localhost", $"mqtt:ca_file={notPem}").Code);
        Assert.Equal($"mqtt:ca_file: cannot read '{_dir}/none.crt': file not found", Refused("", "mqtt:host=localhost", "mqtt:tls=true", $"mqtt:ca_file={_dir}/none.crt"));
    }
}
