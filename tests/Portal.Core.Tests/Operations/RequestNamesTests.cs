using Portal.Core.Operations;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Operations;

public class RequestNamesTests
{
    private static readonly PortalTopology Topology = new(
    [
        new("staging", false, "Z123", "staging.example.com", "webapp-staging",
        [
            new RegionTopology("us-east-1", "arn:aws:apprunner:us-east-1:111122223333:service/webapp-staging/0123456789abcdef0123456789abcdef", "webapp",
                "hc-1", "us-east-1"),
            new RegionTopology("us-east-2", "arn:aws:apprunner:us-east-2:111122223333:service/webapp-staging/0123456789abcdef0123456789abcdef", "webapp",
                "hc-2", "us-east-2"),
        ]),
    ]);

    [Theory]
    [InlineData("STAGING")]
    [InlineData("Staging")]
    [InlineData("sTaGiNg")]
    public void Every_spelling_of_an_environment_becomes_the_topologys(string spelling)
    {
        var request = RequestNames.Canonical(new OperationRequest(OperationKind.Pause, spelling, "olga", Region: "US-EAST-2"), Topology);
        Assert.Equal(("staging", "us-east-2"), (request.Environment, request.Region));
    }

    [Fact]
    public void Weight_keys_take_the_topologys_spelling()
    {
        var request = RequestNames.Canonical(new OperationRequest(OperationKind.Rebalance, "staging", "olga",
            Weights: new Dictionary<string, int> { ["US-East-1"] = 1, ["us-east-2"] = 2 }), Topology);
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 1, ["us-east-2"] = 2 }, request.Weights);
        Assert.Empty(OperationRules.Validate(request, Topology, null));
    }

    [Fact]
    public void One_region_twice_in_two_spellings_is_refused_not_merged()
    {
        var request = RequestNames.Canonical(new OperationRequest(OperationKind.Rebalance, "staging", "olga",
            Weights: new Dictionary<string, int> { ["us-east-1"] = 255, ["US-EAST-1"] = 0, ["us-east-2"] = 1 }), Topology);
        Assert.Contains("Given more than once", Assert.Single(OperationRules.Validate(request, Topology, null)["weights.us-east-1"]));
    }

    [Fact]
    public void Unknown_names_stay_as_given_for_validation_to_name()
    {
        var request = RequestNames.Canonical(new OperationRequest(OperationKind.Pause, "qa", "olga", Region: "EU-WEST-1"), Topology);
        Assert.Equal(("qa", "EU-WEST-1"), (request.Environment, request.Region));
    }
}
