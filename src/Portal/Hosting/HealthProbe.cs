namespace Portal.Hosting;

/// <summary>
/// `dotnet Portal.dll --healthcheck`: the container HEALTHCHECK, since the ASP.NET runtime image has no
/// curl. Exit 0 when /healthz on $PORT (default 8080) answers 200 within 3 s.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync()
    {
        var port = Environment.GetEnvironmentVariable("PORT");
        if (string.IsNullOrWhiteSpace(port)) port = "8080";
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await client.GetAsync($"http://127.0.0.1:{port}/healthz");
            Console.WriteLine($"/healthz: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e)
        {
            Console.WriteLine($"/healthz: {e.Message}");
            return 1;
        }
    }
}
