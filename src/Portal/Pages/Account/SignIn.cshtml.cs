using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portal.LocalMode;
using Portal.Security;

namespace Portal.Pages.Account;

/// <summary>
/// /signin: the local sign-in link (?token=...) and, when local users are configured, a user name and password
/// form. In Aws mode the proxy signs users in; this page only says so.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SecurityExtensions.SignInRateLimit)]
public sealed class SignInModel(LocalSignIn localSignIn, LocalPasswords passwords, PortalModeInfo mode,
    Microsoft.Extensions.Options.IOptions<AuthOptions> auth) : PageModel
{
    public sealed class InputModel
    {
        [Required, Display(Name = "User name")]
        public string Username { get; set; } = "";

        [Required, DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool IsLocal => mode.IsLocal;

    public bool ShowForm => mode.IsLocal && passwords.Any;

    public string? Error { get; private set; }

    /// <summary>The OpenID Connect provider's name on the sign-in button; null when that sign-in is not configured.</summary>
    public string? SingleSignOn => auth.Value.Oidc.Enabled ? auth.Value.Oidc.DisplayName : null;

    public string SingleSignOnUrl => $"{OidcSignIn.ChallengePath}?returnUrl={Uri.EscapeDataString(SafeReturnUrl)}";

    public bool SignedOut => Request.Query.ContainsKey("signedOut");

    public async Task<IActionResult> OnGetAsync()
    {
        // Read here, not bound as a handler argument: MVC's trace log lists handler arguments.
        var token = Request.Query["token"].FirstOrDefault();
        if (Request.Query["failed"].FirstOrDefault() is { } failed)
        {
            // Only the fixed sentences: the query string never reaches the page.
            Error = OidcSignIn.Failures.GetValueOrDefault(failed, OidcSignIn.Failures["failed"]);
            Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        if (token is null) return Page();
        if (localSignIn.TryRedeem(token))
        {
            await SignInAsync("local", [PortalRoles.Operator], "local-token");
            await HttpContext.AuditSignInAsync("local", succeeded: true, "sign-in link");
            return LocalRedirect(SafeReturnUrl);
        }
        await HttpContext.AuditSignInAsync("local", succeeded: false, "sign-in link wrong or already used");
        Error = localSignIn.IsFixed
            ? "That sign-in link is wrong."
            : "That sign-in link was already used or is wrong. Use the newest link printed on the portal's console.";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ShowForm) return NotFound();
        // The password never leaves this method: not into the model state echoed back, not into the audit.
        var user = ModelState.IsValid ? passwords.Verify(Input.Username, Input.Password) : null;
        Input.Password = "";
        ModelState.Remove($"{nameof(Input)}.{nameof(InputModel.Password)}");
        if (user is null)
        {
            await HttpContext.AuditSignInAsync(string.IsNullOrWhiteSpace(Input.Username) ? "unknown" : Input.Username, succeeded: false,
                "wrong user name or password");
            Error = "Wrong user name or password.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await SignInAsync(user.Username!, user.Roles, "local-user");
        await HttpContext.AuditSignInAsync(user.Username!, succeeded: true, $"password; roles: {string.Join(", ", PortalRoles.Expand(user.Roles))}");
        return LocalRedirect(SafeReturnUrl);
    }

    private string SafeReturnUrl => ReturnUrl is { } url && Url.IsLocalUrl(url) ? url : "/";

    private Task SignInAsync(string name, IEnumerable<string> roles, string source) =>
        HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            PortalRoles.Principal(name, roles, CookieAuthenticationDefaults.AuthenticationScheme, source));
}
