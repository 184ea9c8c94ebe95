using System.Net;
using System.Text.Json;
using Portal.Core.Status;

namespace Portal.Tests.Api;

public class MetricsApiTests
{
    private static readonly long Now = BoardHost.Now.ToUnixTimeMilliseconds();

    /// <summary>The expected [epochMs, value] pairs for points <c>MinutesAgo</c> before the fixed clock's now.</summary>
    private static double[][] At(params (int MinutesAgo, double Value)[] points) =>
        [.. points.Select(p => new double[] { Now - p.MinutesAgo * 60_000L, p.Value })];

    private static StatusBoard FilledBoard()
    {
        var board = new StatusBoard();
        board.Publish([BoardHost.Snapshot()]);
        BoardHost.Merge(board, "us-east-1", "requests", (2, 200), (1, 400), (120, 50));
        BoardHost.Merge(board, "us-east-1", "http4xx", (2, 10), (1, 0));
        BoardHost.Merge(board, "us-east-1", "http5xx", (2, 1), (1, 4));
        BoardHost.Merge(board, "us-east-1", "latencyP99", (1, 180.5));
        BoardHost.Merge(board, "us-east-2", "requests", (1, 0));
        BoardHost.Merge(board, "us-east-2", "http5xx", (1, 0));
        BoardHost.Merge(board, "us-east-1", "replication:us-east-2", (1, 812));
        BoardHost.Merge(board, "us-east-2", "replication:us-east-1", (1, 934));
        return board;
    }

    private static async Task<(HttpStatusCode Status, string? MediaType, JsonElement Body)> GetAsync(string url, StatusBoard? board = null)
    {
        await using var app = new PortalApplication();
        using var host = BoardHost.Create(app, board ?? FilledBoard());
        var response = await host.CreateClient().GetAsync(url);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    private static double[][] Pairs(JsonElement series) =>
        [.. series.EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

    [Fact]
    public async Task Answers_every_series_per_region_as_epoch_ms_value_pairs_in_camel_case()
    {
        var (status, _, body) = await GetAsync("/api/environments/production/metrics");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("production", body.GetProperty("environment").GetString());
        Assert.Equal("1h", body.GetProperty("range").GetString());
        Assert.Equal(BoardHost.Now.AddHours(-1), body.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(BoardHost.Now, body.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(new[] { "us-east-1", "us-east-2" }, body.GetProperty("regions").EnumerateArray().Select(r => r.GetString()!));

        var series = body.GetProperty("series");
        foreach (var key in new[] { "requests", "http2xx", "http4xx", "http5xx", "rate4xx", "rate5xx", "latencyP50", "latencyP99", "instances", "cpu",
            "memory" })
            Assert.Equal(new[] { "us-east-1", "us-east-2" }, series.GetProperty(key).EnumerateObject().Select(p => p.Name));
        Assert.Equal(At((2, 200), (1, 400)), Pairs(series.GetProperty("requests").GetProperty("us-east-1")));
        Assert.Equal(At((1, 180.5)), Pairs(series.GetProperty("latencyP99").GetProperty("us-east-1")));
        Assert.Empty(Pairs(series.GetProperty("cpu").GetProperty("us-east-2")));
    }

    [Fact]
    public async Task Derives_4xx_and_5xx_rates_as_percent_of_the_same_minutes_requests()
    {
        var (_, _, body) = await GetAsync("/api/environments/production/metrics");

        var series = body.GetProperty("series");
        Assert.Equal(At((2, 5), (1, 0)), Pairs(series.GetProperty("rate4xx").GetProperty("us-east-1")));
        Assert.Equal(At((2, 0.5), (1, 1)), Pairs(series.GetProperty("rate5xx").GetProperty("us-east-1")));
        // No requests in a minute means no errors, not a division by zero.
        Assert.Equal(At((1, 0)), Pairs(series.GetProperty("rate5xx").GetProperty("us-east-2")));
    }

    [Fact]
    public async Task Names_replication_series_by_direction_read_from_the_source_region()
    {
        var (_, _, body) = await GetAsync("/api/environments/production/metrics");

        var replication = body.GetProperty("series").GetProperty("replication");
        Assert.Equal(At((1, 812)), Pairs(replication.GetProperty("us-east-1→us-east-2")));
        Assert.Equal(At((1, 934)), Pairs(replication.GetProperty("us-east-2→us-east-1")));
    }

    [Fact]
    public async Task A_longer_range_reaches_further_back()
    {
        var (_, _, body) = await GetAsync("/api/environments/production/metrics?range=3h");

        Assert.Equal("3h", body.GetProperty("range").GetString());
        Assert.Equal(BoardHost.Now.AddHours(-3), body.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(At((120, 50), (2, 200), (1, 400)),
            Pairs(body.GetProperty("series").GetProperty("requests").GetProperty("us-east-1")));
    }

    [Theory]
    [InlineData("2h")]
    [InlineData("all")]
    [InlineData("1H ")]
    public async Task An_unsupported_range_is_a_400_problem_naming_range_and_the_allowed_values(string range)
    {
        var (status, mediaType, body) = await GetAsync("/api/environments/production/metrics?range=" + Uri.EscapeDataString(range));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        var message = Assert.Single(body.GetProperty("errors").GetProperty("range").EnumerateArray()).GetString();
        Assert.Contains("1h, 3h, 12h, 24h", message);
    }

    [Fact]
    public async Task An_unknown_environment_is_a_404_problem()
    {
        var (status, mediaType, body) = await GetAsync("/api/environments/nowhere/metrics");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Contains("nowhere", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_environment_without_history_answers_empty_series_rather_than_an_error()
    {
        var board = new StatusBoard();
        board.Publish([BoardHost.Snapshot()]);

        var (status, _, body) = await GetAsync("/api/environments/production/metrics?range=24h", board);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Pairs(body.GetProperty("series").GetProperty("requests").GetProperty("us-east-1")));
        Assert.Empty(Pairs(body.GetProperty("series").GetProperty("replication").GetProperty("us-east-2→us-east-1")));
    }
}
