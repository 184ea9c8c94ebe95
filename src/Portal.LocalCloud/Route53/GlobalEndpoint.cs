using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Route53;

public sealed class GlobalEndpoint
{
    public Task HandleAsync(SeededEnvironment environment, HttpContext http) { _ = environment; http.Response.StatusCode = 503; return Task.CompletedTask; }
}
