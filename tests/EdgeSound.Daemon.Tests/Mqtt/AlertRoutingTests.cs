using System.Text;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Events;
using EdgeSound.Daemon.Mqtt;
using Xunit;

namespace EdgeSound.Daemon.Tests.Mqtt;

public sealed class AlertRoutingTests
{
    private static readonly TopicLayout Topics = new("edgesound", "pi", "homeassistant");
    private static readonly AlertRouting DogOnly = new(Topics, ["dog"]);

    private static byte[] Event(string label) =>
        EventJson.ToUtf8(new DetectedEvent(DateTimeOffset.UnixEpoch, label, 0.9, 1, 2, -20), eventType: true);

    [Theory]
    [InlineData("rooster")]
    [InlineData("helicopter")]
    [InlineData("engine")]
    [InlineData("chainsaw")]
    [InlineData("Dog")]
    public void An_undeclared_type_goes_to_the_plain_topic_only(string label) =>
        Assert.Equal([Topics.Detection], DogOnly.TopicsFor(Event(label)));

    [Fact]
    public void A_declared_type_goes_to_the_plain_topic_then_to_the_entity_topic() =>
        Assert.Equal([Topics.Detection, Topics.Event], DogOnly.TopicsFor(Event("dog")));

    [Fact]
    public void The_type_is_read_from_the_event_type_field_wherever_it_stands_and_not_from_other_fields()
    {
        Assert.Equal([Topics.Detection, Topics.Event], DogOnly.TopicsFor("""{"label":"cat","nested":{"event_type":"cat"},"event_type":"dog"}"""u8));
        Assert.Equal([Topics.Detection], DogOnly.TopicsFor("""{"label":"dog","nested":{"event_type":"dog"}}"""u8));
        Assert.Equal([Topics.Detection], DogOnly.TopicsFor("""{"event_type":["dog"]}"""u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[\"dog\"]")]
    [InlineData("{\"event_type\":\"dog\"")]
    public void A_payload_that_is_not_an_event_object_goes_to_the_plain_topic_only(string payload) =>
        Assert.Equal([Topics.Detection], DogOnly.TopicsFor(Encoding.UTF8.GetBytes(payload)));

    [Fact]
    public void Nothing_declared_means_the_entity_topic_receives_nothing() =>
        Assert.Equal([Topics.Detection], new AlertRouting(Topics, []).TopicsFor(Event("dog")));
}
