using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>
/// Section Portal:Pricing: the instance size each region's service keeps provisioned, and App Runner's provisioned-compute
/// prices (us-east-1 by default), for the schedules' estimated saving.
/// </summary>
public sealed class PricingOptions
{
    public const string Section = "Portal:Pricing";

    public decimal VCpu { get; set; } = 1;
    public decimal MemoryGb { get; set; } = 2;
    public int ProvisionedInstances { get; set; } = 1;
    public decimal VCpuHourPrice { get; set; } = ComputePrices.AppRunnerProvisioned.VCpuHour;
    public decimal GbHourPrice { get; set; } = ComputePrices.AppRunnerProvisioned.GbHour;

    public ComputePrices Prices => new(VCpuHourPrice, GbHourPrice);
    public InstanceSize Size => new(VCpu, MemoryGb, ProvisionedInstances);

    public IEnumerable<string> Problems()
    {
        if (VCpu <= 0) yield return $"{Section}:VCpu must be more than 0 (App Runner sizes: 0.25 to 4; got {VCpu}).";
        if (MemoryGb <= 0) yield return $"{Section}:MemoryGb must be more than 0 (App Runner sizes: 0.5 to 12; got {MemoryGb}).";
        if (ProvisionedInstances < 1) yield return $"{Section}:ProvisionedInstances must be 1 or more (got {ProvisionedInstances}).";
        if (VCpuHourPrice < 0) yield return $"{Section}:VCpuHourPrice must not be negative (got {VCpuHourPrice}).";
        if (GbHourPrice < 0) yield return $"{Section}:GbHourPrice must not be negative (got {GbHourPrice}).";
    }
}
