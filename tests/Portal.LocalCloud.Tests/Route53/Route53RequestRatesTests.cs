using Microsoft.Extensions.Time.Testing;
using Portal.LocalCloud.Route53;

namespace Portal.LocalCloud.Tests.Route53;

/// <summary>Route 53's per-operation and per-account token buckets, on a clock the test moves.</summary>
public sealed class Route53RequestRatesTests
{
    private const string Account = "111111111111", OtherAccount = "222222222222";
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void GetHealthCheckStatus_admits_a_burst_of_four_then_one_per_second()
    {
        var rates = new Route53RequestRates(_time);

        Assert.Equal([true, true, true, true, false], Enumerable.Range(0, 5).Select(_ => rates.TryAdmit(Account, "GetHealthCheckStatus")));

        _time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.False(rates.TryAdmit(Account, "GetHealthCheckStatus"));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(rates.TryAdmit(Account, "GetHealthCheckStatus"));
        Assert.False(rates.TryAdmit(Account, "GetHealthCheckStatus"));
    }

    [Fact]
    public void A_full_bucket_drops_refill_tokens_so_a_long_pause_still_allows_only_the_burst()
    {
        var rates = new Route53RequestRates(_time);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(4, Enumerable.Range(0, 10).Count(_ => rates.TryAdmit(Account, "GetHealthCheckStatus")));
    }

    [Fact]
    public void All_operations_share_the_account_bucket_of_fifty_at_ten_per_second()
    {
        var rates = new Route53RequestRates(_time);

        // 30 + 20 calls of two operations with 50-token buckets of their own: the account's 50 are spent.
        Assert.Equal(30, Enumerable.Range(0, 30).Count(_ => rates.TryAdmit(Account, "ListResourceRecordSets")));
        Assert.Equal(20, Enumerable.Range(0, 20).Count(_ => rates.TryAdmit(Account, "GetChange")));
        Assert.False(rates.TryAdmit(Account, "GetHostedZone"));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, Enumerable.Range(0, 20).Count(_ => rates.TryAdmit(Account, "GetHostedZone")));
    }

    [Fact]
    public void A_request_refused_by_the_account_bucket_takes_no_token_from_its_operation()
    {
        var rates = new Route53RequestRates(_time);
        for (var i = 0; i < 50; i++) Assert.True(rates.TryAdmit(Account, "ListHealthChecks"));
        Assert.False(rates.TryAdmit(Account, "GetHealthCheckStatus"));

        // After 0.4 s the account has 4 tokens again; GetHealthCheckStatus still has its whole burst of 4.
        _time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(4, Enumerable.Range(0, 4).Count(_ => rates.TryAdmit(Account, "GetHealthCheckStatus")));
    }

    [Fact]
    public void Each_account_has_its_own_buckets()
    {
        var rates = new Route53RequestRates(_time);
        for (var i = 0; i < 50; i++) Assert.True(rates.TryAdmit(Account, "ListHealthChecks"));
        Assert.False(rates.TryAdmit(Account, "GetHealthCheckStatus"));

        // AWS's budgets are per account: the first account's empty buckets do not throttle the second.
        Assert.Equal(4, Enumerable.Range(0, 5).Count(_ => rates.TryAdmit(OtherAccount, "GetHealthCheckStatus")));
    }
}
