using Microsoft.AspNetCore.Authorization;

namespace Portal.Security;

/// <summary>
/// The fallback (and default, and Viewer) policy's rule: GET, HEAD, OPTIONS and TRACE need Viewer; any other
/// method (POST, PUT, PATCH, DELETE, a Razor page's form handler) needs Operator. Decided by the request, not
/// by the endpoint, so an action added later is an operator action without anyone remembering to say so.
/// </summary>
public sealed class RoleForMethodRequirement : IAuthorizationRequirement
{
    public static bool IsReadOnly(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}

public sealed class RoleForMethodHandler : AuthorizationHandler<RoleForMethodRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleForMethodRequirement requirement)
    {
        var method = context.Resource switch
        {
            HttpContext http => http.Request.Method,
            Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext mvc => mvc.HttpContext.Request.Method,
            _ => HttpMethods.Post, // unknown: the stricter rule
        };
        var allowed = RoleForMethodRequirement.IsReadOnly(method) ? context.User.IsViewer() : context.User.IsOperator();
        if (allowed) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
