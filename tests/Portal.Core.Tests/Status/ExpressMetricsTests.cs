using Portal.Core.Metrics;
using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Status;

/// <summary>The dashboard's series for an ECS Express region: the load balancer's and ECS's metrics in App Runner's place.</summary>
public class ExpressMetricsTests
{
    private static readonly RegionTopology Express = new("us-east-2", "arn:aws:ecs:us-east-2:123456789012:service/default/webapp-staging", "webapp",
        "abcdef12-3456-7890-abcd-ef1234567890", "us-east-2-ecs-express")
    {
        Runtime = RegionRuntime.EcsExpress,
        LoadBalancer = "app/webapp-staging/0123456789abcdef",
        TargetGroup = "targetgroup/webapp-staging/fedcba9876543210",
    };

    private static MetricQuery Query(string key) => DashboardMetrics.ServiceQuery("q", Express, DashboardMetrics.Service.Single(d => d.Key == key));

    [Theory]
    [InlineData("requests", "RequestCount", "Sum")]
    [InlineData("http2xx", "HTTPCode_Target_2XX_Count", "Sum")]
    [InlineData("http4xx", "HTTPCode_Target_4XX_Count", "Sum")]
    [InlineData("http5xx", "HTTPCode_Target_5XX_Count", "Sum")]
    [InlineData("latencyP99", "TargetResponseTime", "p99")]
    [InlineData("instances", "HealthyHostCount", "Maximum")]
    public void Load_balancer_series_read_application_elb_by_load_balancer_and_target_group(string key, string metric, string stat)
    {
        var q = Query(key);
        Assert.Equal(("AWS/ApplicationELB", metric, stat), (q.Namespace, q.MetricName, q.Stat));
        Assert.Equal([new MetricDimension("LoadBalancer", "app/webapp-staging/0123456789abcdef"),
            new MetricDimension("TargetGroup", "targetgroup/webapp-staging/fedcba9876543210")], q.Dimensions);
    }

    [Fact]
    public void Target_response_time_in_seconds_is_scaled_to_the_charts_milliseconds()
    {
        Assert.Equal(1000, Query("latencyP50").Scale);
        Assert.Equal(1, Query("requests").Scale);
        Assert.Contains("seconds", DashboardMetrics.ExpressMetric(DashboardMetrics.Service.Single(d => d.Key == "latencyP50")).Difference);
    }

    [Theory]
    [InlineData("cpu", "CPUUtilization")]
    [InlineData("memory", "MemoryUtilization")]
    public void Cpu_and_memory_read_aws_ecs_by_cluster_and_service(string key, string metric)
    {
        var q = Query(key);
        Assert.Equal(("AWS/ECS", metric, "Average"), (q.Namespace, q.MetricName, q.Stat));
        Assert.Equal([new MetricDimension("ClusterName", "default"), new MetricDimension("ServiceName", "webapp-staging")], q.Dimensions);
    }

    [Fact]
    public void An_app_runner_region_still_reads_aws_app_runner()
    {
        var region = new RegionTopology("us-east-1", "arn:aws:apprunner:us-east-1:123456789012:service/webapp-staging/8fe1e10304f84fd2b0df550fe98a71fa",
            "webapp", "abcdef12-3456-7890-abcd-ef1234567890", "us-east-1");
        var q = DashboardMetrics.ServiceQuery("q", region, DashboardMetrics.Service.Single(d => d.Key == "latencyP50"));
        Assert.Equal(("AWS/AppRunner", "RequestLatency", 1.0), (q.Namespace, q.MetricName, q.Scale));
        Assert.Equal([new MetricDimension("ServiceName", "webapp-staging"), new MetricDimension("ServiceID", "8fe1e10304f84fd2b0df550fe98a71fa")],
            q.Dimensions);
    }
}
