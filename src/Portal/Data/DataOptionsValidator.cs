using Microsoft.Extensions.Options;

namespace Portal.Data;

/// <summary>Every problem of Portal:Data at start-up, in one failure (<see cref="DataOptions.Problems"/>).</summary>
public sealed class DataOptionsValidator : IValidateOptions<DataOptions>
{
    public ValidateOptionsResult Validate(string? name, DataOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
