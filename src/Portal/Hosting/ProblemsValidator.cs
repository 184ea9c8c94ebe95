using Microsoft.Extensions.Options;

namespace Portal.Hosting;

/// <summary>The one way an options type is registered: bound from its section, its problems checked at start-up.</summary>
public static class ValidatedOptions
{
    /// <summary>
    /// <c>AddOptions&lt;T&gt;().BindConfiguration(section).ValidateOnStart()</c> with <paramref name="problems"/> (each
    /// naming its key path) as the validator. Start-up reports the problems of every options type together.
    /// </summary>
    /// <param name="defaults">Applied before the section is bound, so configuration still overrides them.</param>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> problems,
        Action<T>? defaults = null) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(problems));
        var builder = services.AddOptions<T>();
        if (defaults is not null) builder.Configure(defaults);
        return builder.BindConfiguration(section).ValidateOnStart();
    }
}

/// <summary>Start-up validation from an options type's own list of problems, every one reported at once.</summary>
public sealed class ProblemsValidator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var found = problems(options).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
