using Portal.LocalCloud;

namespace Portal.LocalMode;

/// <summary>
/// The size of local mode's simulated fleet, under "Portal:Local": `Environments` (a count, 2 is the demo's production
/// and staging) and `Regions` (comma-separated, 2 to 5), the same two settings as standalone LocalCloud's
/// (`dotnet run --project src/Portal -- --Portal:Local:Environments 40 --Portal:Local:Regions us-east-1,us-east-2,us-west-2`).
/// LocalCloudOptions validates them with the rest at start-up.
/// </summary>
public static class LocalFleet
{
    public const string Section = "Portal:Local";

    public static void Apply(LocalCloudOptions options, IConfiguration configuration)
    {
        // "LocalCloud:Regions" may be comma-separated too; "Portal:Local" is the documented place and wins.
        options.ReadRegionList(configuration.GetSection("LocalCloud"));
        var fleet = configuration.GetSection(Section);
        options.ReadRegionList(fleet);
        if (fleet["Environments"] is { Length: > 0 } count)
            options.Environments = int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n : -1;
    }
}
