using Portal.LocalCloud.CloudWatch;

namespace Portal.LocalCloud.Tests.CloudWatch;

public class MetricStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly MetricKey Key = new("us-east-1", "Test", "Latency", [new Dimension("ServiceName", "a"), new Dimension("ServiceID", "1")]);

    private static Statistic Stat(string text) => Statistic.TryParse(text, out var s) ? s : throw new ArgumentException(text);

    [Fact]
    public void Aggregates_minutes_into_the_requested_period()
    {
        var store = new MetricStore();
        for (var minute = 0; minute < 10; minute++)
            for (var i = 1; i <= 3; i++) store.Record(Key, minute * 10 + i, T0.AddMinutes(minute).AddSeconds(i * 10));

        var perMinute = store.Query(Key, T0, T0.AddMinutes(10), 60, Stat("Sum"));
        Assert.Equal(10, perMinute.Count);
        Assert.Equal(T0, perMinute[0].Timestamp);
        Assert.Equal(1 + 2 + 3, perMinute[0].Value);

        var fiveMinutes = store.Query(Key, T0, T0.AddMinutes(10), 300, Stat("Sum"));
        Assert.Equal([T0, T0.AddMinutes(5)], fiveMinutes.Select(p => p.Timestamp));
        Assert.Equal(Enumerable.Range(0, 5).Sum(m => 3 * m * 10 + 6), fiveMinutes[0].Value);
        Assert.Equal(15, store.Query(Key, T0, T0.AddMinutes(10), 300, Stat("SampleCount"))[0].Value);
        Assert.Equal(1, store.Query(Key, T0, T0.AddMinutes(10), 300, Stat("Minimum"))[0].Value);
        Assert.Equal(93, store.Query(Key, T0, T0.AddMinutes(10), 300, Stat("Maximum"))[1].Value);
        Assert.Equal(Enumerable.Range(5, 5).Average(m => m * 10 + 2.0), store.Query(Key, T0, T0.AddMinutes(10), 300, Stat("Average"))[1].Value, 9);
    }

    [Fact]
    public void End_time_is_exclusive_and_empty_periods_are_left_out()
    {
        var store = new MetricStore();
        store.Record(Key, 1, T0);
        store.Record(Key, 1, T0.AddMinutes(3));
        Assert.Single(store.Query(Key, T0, T0.AddMinutes(3), 60, Stat("Sum")));
        Assert.Equal([T0, T0.AddMinutes(3)], store.Query(Key, T0, T0.AddMinutes(3).AddSeconds(1), 60, Stat("Sum")).Select(p => p.Timestamp));
    }

    [Theory]
    [InlineData("p50", 500)]
    [InlineData("p90", 900)]
    [InlineData("p99", 990)]
    [InlineData("p99.9", 999)]
    public void Percentiles_are_within_five_percent(string stat, double expected)
    {
        var store = new MetricStore();
        // Spread over two minutes so the percentile comes from merged histograms.
        for (var v = 1; v <= 1000; v++) store.Record(Key, v, T0.AddSeconds(v % 2 == 0 ? 10 : 70));
        var point = Assert.Single(store.Query(Key, T0, T0.AddMinutes(2), 120, Stat(stat)));
        Assert.InRange(point.Value, expected * 0.95, expected * 1.05);
        Assert.Equal(1000, Assert.Single(store.Query(Key, T0, T0.AddMinutes(2), 120, Stat("p100"))).Value);
    }

    [Fact]
    public void Percentile_of_identical_values_is_exact()
    {
        var store = new MetricStore();
        for (var i = 0; i < 50; i++) store.Record(Key, 42, T0);
        Assert.Equal(42, Assert.Single(store.Query(Key, T0, T0.AddMinutes(1), 60, Stat("p99"))).Value);
    }

    [Fact]
    public void Dimension_order_does_not_change_identity()
    {
        var store = new MetricStore();
        store.Record(Key, 5, T0);
        var reordered = new MetricKey("us-east-1", "Test", "Latency", [new Dimension("ServiceID", "1"), new Dimension("ServiceName", "a")]);
        store.Record(reordered, 7, T0);
        Assert.Equal(Key, reordered);
        Assert.Equal(Key.GetHashCode(), reordered.GetHashCode());
        Assert.Equal(12, Assert.Single(store.Query(reordered, T0, T0.AddMinutes(1), 60, Stat("Sum"))).Value);
        Assert.Single(store.Metrics("us-east-1"));
        Assert.Empty(store.Metrics("us-east-2"));
        Assert.NotEqual(Key, Key with { Dimensions = [new Dimension("ServiceName", "a")] });
    }

    [Fact]
    public void History_is_a_fixed_24_hour_window_whatever_the_uptime()
    {
        var store = new MetricStore();
        long? bytesAfterTwoDays = null;
        for (var minute = 0; minute < 3 * 24 * 60; minute++)
        {
            for (var i = 0; i < 3; i++) store.Record(Key, 10 + (minute + i) % 40, T0.AddMinutes(minute));
            if (minute == 2 * 24 * 60) bytesAfterTwoDays = store.ApproximateBytes();
        }
        var newest = T0.AddMinutes(3 * 24 * 60 - 1);

        Assert.InRange(store.RetainedBuckets(Key), 24 * 60, 24 * 60 + 1);
        Assert.Equal(bytesAfterTwoDays, store.ApproximateBytes());
        Assert.Empty(store.Query(Key, T0, newest.AddDays(-1).AddMinutes(-1), 60, Stat("Sum")));
        var day = store.Query(Key, newest.AddDays(-2), newest.AddMinutes(1), 60, Stat("SampleCount"));
        Assert.Equal(24 * 60 + 1, day.Count);
        Assert.All(day, p => Assert.Equal(3, p.Value));

        // A late write older than the window is dropped rather than overwriting newer data.
        store.Record(Key, 1e6, T0);
        Assert.Equal(49, store.Query(Key, newest.AddDays(-2), newest.AddMinutes(1), 3600, Stat("Maximum")).Max(p => p.Value));
    }

    [Fact]
    public void Statistics_parse_as_CloudWatch_names_them()
    {
        foreach (var ok in new[] { "Sum", "Average", "Maximum", "Minimum", "SampleCount", "p50", "p99", "p99.99", "p0", "p100" })
            Assert.True(Statistic.TryParse(ok, out _), ok);
        foreach (var bad in new[] { "sum", "Median", "p", "p101", "p-1", "P99", "" })
            Assert.False(Statistic.TryParse(bad, out _), bad);
    }
}
