using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.AppRunner;

/// <summary>
/// A service's configuration on App Runner's wire: DescribeService's Service structure, and UpdateService's input read
/// as AWS documents it ("set the values to members of the structure that you include"): an included structure
/// replaces the current one whole, its omitted members taking App Runner's defaults; an omitted structure is unchanged.
/// </summary>
public static partial class ServiceConfigurationWire
{
    private const string Invalid = "InvalidRequestException";

    public static JsonObject Describe(AppRunnerService s)
    {
        var image = s.Source.Image;
        var imageConfiguration = new JsonObject { ["Port"] = image.Port };
        if (image.Variables.Count > 0) imageConfiguration["RuntimeEnvironmentVariables"] = Map(image.Variables);
        if (image.Secrets.Count > 0) imageConfiguration["RuntimeEnvironmentSecrets"] = Map(image.Secrets);
        if (image.StartCommand is not null) imageConfiguration["StartCommand"] = image.StartCommand;
        var source = new JsonObject
        {
            ["ImageRepository"] = new JsonObject
            {
                ["ImageIdentifier"] = s.ImageIdentifier,
                ["ImageConfiguration"] = imageConfiguration,
                ["ImageRepositoryType"] = s.Source.RepositoryType,
            },
            ["AutoDeploymentsEnabled"] = s.Source.AutoDeploymentsEnabled,
        };
        if (s.Source.AccessRoleArn is not null) source["AuthenticationConfiguration"] = new JsonObject { ["AccessRoleArn"] = s.Source.AccessRoleArn };

        var instance = new JsonObject { ["Cpu"] = s.Instance.Cpu, ["Memory"] = s.Instance.Memory };
        if (s.Instance.InstanceRoleArn is not null) instance["InstanceRoleArn"] = s.Instance.InstanceRoleArn;
        var egress = new JsonObject { ["EgressType"] = s.Network.EgressType };
        if (s.Network.VpcConnectorArn is not null) egress["VpcConnectorArn"] = s.Network.VpcConnectorArn;

        var service = Summary(s);
        service["SourceConfiguration"] = source;
        service["InstanceConfiguration"] = instance;
        service["HealthCheckConfiguration"] = new JsonObject
        {
            ["Protocol"] = s.HealthCheck.Protocol,
            ["Path"] = s.HealthCheck.Path,
            ["Interval"] = s.HealthCheck.Interval,
            ["Timeout"] = s.HealthCheck.Timeout,
            ["HealthyThreshold"] = s.HealthCheck.HealthyThreshold,
            ["UnhealthyThreshold"] = s.HealthCheck.UnhealthyThreshold,
        };
        service["AutoScalingConfigurationSummary"] = AutoScaling(s, full: false);
        service["NetworkConfiguration"] = new JsonObject
        {
            ["EgressConfiguration"] = egress,
            ["IngressConfiguration"] = new JsonObject { ["IsPubliclyAccessible"] = s.Network.IsPubliclyAccessible },
            ["IpAddressType"] = s.Network.IpAddressType,
        };
        return service;
    }

    /// <summary>ServiceSummary (ListServices), which the Service structure (DescribeService) begins with.</summary>
    public static JsonObject Summary(AppRunnerService s) => new()
    {
        ["ServiceName"] = s.Name,
        ["ServiceId"] = s.Id,
        ["ServiceArn"] = s.Arn,
        ["ServiceUrl"] = s.ServiceUrl,
        ["CreatedAt"] = Json.Epoch(s.CreatedAt),
        ["UpdatedAt"] = Json.Epoch(s.UpdatedAt),
        ["Status"] = s.Status,
    };

    /// <summary>Reads UpdateService's input against <paramref name="service"/>; every refusal is AWS's InvalidRequestException.</summary>
    public static ServiceUpdate ReadUpdate(JsonElement input, AppRunnerService service)
    {
        string? imageIdentifier = null;
        ImageSource? source = null;
        if (Member(input, "SourceConfiguration", "sourceConfiguration") is { } sourceJson)
            (imageIdentifier, source) = ReadSource(sourceJson, service);

        if (Json.OptionalString(input, "AutoScalingConfigurationArn", Invalid) is { } autoScaling && autoScaling != service.AutoScalingConfigurationArn)
            throw new AwsError("ResourceNotFoundException", $"Auto scaling configuration {autoScaling} does not exist.");

        return new ServiceUpdate(
            imageIdentifier,
            source,
            Member(input, "InstanceConfiguration", "instanceConfiguration") is { } instance ? ReadInstance(instance) : null,
            Member(input, "HealthCheckConfiguration", "healthCheckConfiguration") is { } health ? ReadHealthCheck(health) : null,
            Member(input, "NetworkConfiguration", "networkConfiguration") is { } network ? ReadNetwork(network) : null);
    }

    private static (string Image, ImageSource Source) ReadSource(JsonElement source, AppRunnerService service)
    {
        if (Member(source, "CodeRepository", "sourceConfiguration.codeRepository") is not null)
            throw new AwsError(Invalid, "You can't switch a service from an image repository to a code repository; include ImageRepository, as when the " +
                "service was created.");
        var repository = Member(source, "ImageRepository", "sourceConfiguration.imageRepository")
            ?? throw new AwsError(Invalid, "SourceConfiguration must include ImageRepository, the member the service was created with.");

        const string at = "sourceConfiguration.imageRepository";
        var image = Required(repository, "ImageIdentifier", $"{at}.imageIdentifier");
        var type = Required(repository, "ImageRepositoryType", $"{at}.imageRepositoryType");
        if (type is not ("ECR" or "ECR_PUBLIC"))
            throw Constraint(type, $"{at}.imageRepositoryType", "Member must satisfy enum value set: [ECR, ECR_PUBLIC]");
        if (type == "ECR" && !ImageReference.TryParse(image, out _))
            throw Constraint(image, $"{at}.imageIdentifier", "Member must satisfy regular expression pattern: " +
                "([0-9]{12}.dkr.ecr.[a-z\\-]+-[0-9]{1}.amazonaws.com\\/.*)|(^public\\.ecr\\.aws\\/.+\\/.+)");
        if (type == "ECR_PUBLIC")
            throw new AwsError(Invalid, $"ImageRepositoryType ECR_PUBLIC does not match the private ECR image identifier {image}; LocalCloud's registries " +
                $"are private ECR.");

        var configuration = Member(repository, "ImageConfiguration", $"{at}.imageConfiguration") is { } c
            ? ReadImageConfiguration(c, $"{at}.imageConfiguration") : ImageConfiguration.Default;

        string? accessRole = null;
        if (Member(source, "AuthenticationConfiguration", "sourceConfiguration.authenticationConfiguration") is { } authentication)
        {
            accessRole = Json.OptionalString(authentication, "AccessRoleArn", Invalid);
            if (accessRole is not null && !RoleArn().IsMatch(accessRole))
                throw Constraint(accessRole, "sourceConfiguration.authenticationConfiguration.accessRoleArn", RoleArnPatternMessage);
        }
        // The AccessRoleArn documentation: "It's required for ECR image repositories (but not for ECR Public repositories)."
        if (accessRole is null)
            throw new AwsError(Invalid, "Authentication configuration is invalid: AccessRoleArn is required for an image in a private ECR repository " +
                "(ImageRepositoryType ECR).");

        // AutoDeploymentsEnabled's documented default: true for a same-account ECR image, false otherwise.
        ImageReference.TryParse(image, out var reference);
        var sameAccount = reference!.RegistryId == service.Arn.Split(':')[4];
        var autoDeployments = OptionalBool(source, "AutoDeploymentsEnabled", "sourceConfiguration.autoDeploymentsEnabled") ?? sameAccount;
        return (image, new ImageSource(type, configuration, autoDeployments, accessRole));
    }

    private static ImageConfiguration ReadImageConfiguration(JsonElement c, string at)
    {
        var port = Json.OptionalString(c, "Port", Invalid) ?? ImageConfiguration.Default.Port;
        if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
            throw Constraint(port, $"{at}.port", "Member must be a port number between 1 and 65535");
        var secrets = ReadMap(c, "RuntimeEnvironmentSecrets", $"{at}.runtimeEnvironmentSecrets");
        foreach (var (name, value) in secrets)
            if (!value.StartsWith("arn:", StringComparison.Ordinal))
                throw new AwsError(Invalid, $"Runtime environment secret {name} must be the full ARN of a Secrets Manager secret or a Systems Manager " +
                    $"parameter.");
        var start = Json.OptionalString(c, "StartCommand", Invalid);
        if (start is not null && (start.Length == 0 || start.Contains('\n') || start.Contains('\r')))
            throw Constraint("***", $"{at}.startCommand", "Member must satisfy regular expression pattern: [^\\x0a\\x0d]+");
        return new ImageConfiguration(port, ReadMap(c, "RuntimeEnvironmentVariables", $"{at}.runtimeEnvironmentVariables"), secrets, start);
    }

    private static InstanceSettings ReadInstance(JsonElement c)
    {
        var cpu = Json.OptionalString(c, "Cpu", Invalid) ?? InstanceSettings.Default.Cpu;
        if (!Cpu().IsMatch(cpu)) throw Constraint(cpu, "instanceConfiguration.cpu",
            "Member must satisfy regular expression pattern: 256|512|1024|2048|4096|(0.25|0.5|1|2|4) vCPU");
        var memory = Json.OptionalString(c, "Memory", Invalid) ?? InstanceSettings.Default.Memory;
        if (!Memory().IsMatch(memory)) throw Constraint(memory, "instanceConfiguration.memory",
            "Member must satisfy regular expression pattern: 512|1024|2048|3072|4096|6144|8192|10240|12288|(0.5|1|2|3|4|6|8|10|12) GB");
        var role = Json.OptionalString(c, "InstanceRoleArn", Invalid);
        if (role is not null && !RoleArn().IsMatch(role))
            throw Constraint(role, "instanceConfiguration.instanceRoleArn", RoleArnPatternMessage);
        return new InstanceSettings(cpu, memory, role);
    }

    private static HealthCheckSettings ReadHealthCheck(JsonElement c)
    {
        var d = HealthCheckSettings.Default;
        var protocol = Json.OptionalString(c, "Protocol", Invalid) ?? d.Protocol;
        if (protocol is not ("TCP" or "HTTP")) throw Constraint(protocol, "healthCheckConfiguration.protocol",
            "Member must satisfy enum value set: [TCP, HTTP]");
        var path = Json.OptionalString(c, "Path", Invalid) ?? d.Path;
        if (path.Length == 0) throw Constraint(path, "healthCheckConfiguration.path", "Member must have length greater than or equal to 1");
        return new HealthCheckSettings(protocol, path,
            Bounded(c, "Interval", 1, 20, d.Interval), Bounded(c, "Timeout", 1, 20, d.Timeout),
            Bounded(c, "HealthyThreshold", 1, 20, d.HealthyThreshold), Bounded(c, "UnhealthyThreshold", 1, 20, d.UnhealthyThreshold));
    }

    private static NetworkSettings ReadNetwork(JsonElement c)
    {
        var d = NetworkSettings.Default;
        var egress = Member(c, "EgressConfiguration", "networkConfiguration.egressConfiguration");
        var egressType = egress is { } e ? Json.OptionalString(e, "EgressType", Invalid) ?? d.EgressType : d.EgressType;
        if (egressType is not ("DEFAULT" or "VPC")) throw Constraint(egressType, "networkConfiguration.egressConfiguration.egressType",
            "Member must satisfy enum value set: [DEFAULT, VPC]");
        var connector = egress is { } e2 ? Json.OptionalString(e2, "VpcConnectorArn", Invalid) : null;
        if (egressType == "VPC" && connector is null) throw new AwsError(Invalid, "VpcConnectorArn is required when EgressType is VPC.");
        var ingress = Member(c, "IngressConfiguration", "networkConfiguration.ingressConfiguration");
        var isPublic = ingress is { } i ? OptionalBool(i, "IsPubliclyAccessible", "networkConfiguration.ingressConfiguration.isPubliclyAccessible")
            ?? d.IsPubliclyAccessible : d.IsPubliclyAccessible;
        var ipType = Json.OptionalString(c, "IpAddressType", Invalid) ?? d.IpAddressType;
        if (ipType is not ("IPV4" or "DUAL_STACK")) throw Constraint(ipType, "networkConfiguration.ipAddressType",
            "Member must satisfy enum value set: [IPV4, DUAL_STACK]");
        return new NetworkSettings(egressType, connector, isPublic, ipType);
    }

    private static JsonElement? Member(JsonElement parent, string name, string at)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw new AwsError("SerializationException", $"Value at '{at}' must be a structure.");
        return value;
    }

    private static string Required(JsonElement parent, string name, string at) =>
        Json.OptionalString(parent, name, Invalid) ?? throw new AwsError(Invalid,
            $"1 validation error detected: Value null at '{at}' failed to satisfy constraint: Member must not be null");

    private static bool? OptionalBool(JsonElement parent, string name, string at)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new AwsError("SerializationException", $"Value at '{at}' must be a boolean."),
        };
    }

    private static int Bounded(JsonElement parent, string name, int min, int max, int fallback)
    {
        var value = Json.OptionalInt(parent, name, Invalid) ?? fallback;
        if (value < min || value > max)
            throw Constraint(value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"healthCheckConfiguration.{char.ToLowerInvariant(name[0])}{name[1..]}", $"Member must have value between {min} and {max}");
        return value;
    }

    private static Dictionary<string, string> ReadMap(JsonElement parent, string name, string at)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return map;
        if (value.ValueKind != JsonValueKind.Object) throw new AwsError("SerializationException", $"Value at '{at}' must be a map.");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String) throw new AwsError("SerializationException", $"Value at '{at}.{entry.Name}' must be a string.");
            if (entry.Name.Length == 0) throw new AwsError(Invalid, $"A key of '{at}' is empty; keys must have at least 1 character.");
            map[entry.Name] = entry.Value.GetString()!;
        }
        return map;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map) json[key] = value;
        return json;
    }

    private static AwsError Constraint(string value, string at, string constraint) =>
        new(Invalid, $"1 validation error detected: Value '{value}' at '{at}' failed to satisfy constraint: {constraint}");

    /// <summary>
    /// The service's auto-scaling configuration (LocalCloud seeds one per service, created with it): the summary
    /// DescribeService carries, or in full with its limits for DescribeAutoScalingConfiguration.
    /// </summary>
    public static JsonObject AutoScaling(AppRunnerService s, bool full)
    {
        var configuration = new JsonObject
        {
            ["AutoScalingConfigurationArn"] = s.AutoScalingConfigurationArn,
            ["AutoScalingConfigurationName"] = AutoScalingName(s.AutoScalingConfigurationArn),
            ["AutoScalingConfigurationRevision"] = AutoScalingRevision(s.AutoScalingConfigurationArn),
            ["Status"] = "ACTIVE",
            ["CreatedAt"] = Json.Epoch(s.CreatedAt),
            ["HasAssociatedService"] = s.Status != ServiceStatus.Deleted,
            ["IsDefault"] = false,
        };
        if (!full) return configuration;
        configuration["Latest"] = true;
        configuration["MaxConcurrency"] = s.MaxConcurrency;
        configuration["MinSize"] = s.MinSize;
        configuration["MaxSize"] = s.MaxSize;
        return configuration;
    }

    // arn:aws:apprunner:{region}:{account}:autoscalingconfiguration/{name}/{revision}/{id}
    private static string AutoScalingName(string arn) => arn.Split('/')[1];

    private static int AutoScalingRevision(string arn) => int.Parse(arn.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);

    // The error quotes the pattern as App Runner's model writes it, with escaped slashes.
    private const string RoleArnPatternMessage = "Member must satisfy regular expression pattern: " +
        "arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::[0-9]{12}:(role|role\\/service-role)\\/[\\w+=,.@\\-/]{1,1000}";

    [GeneratedRegex(@"^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::[0-9]{12}:(role|role/service-role)/[\w+=,.@\-/]{1,1000}$")]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^(256|512|1024|2048|4096|(0\.25|0\.5|1|2|4) vCPU)$")]
    private static partial Regex Cpu();

    [GeneratedRegex(@"^(512|1024|2048|3072|4096|6144|8192|10240|12288|(0\.5|1|2|3|4|6|8|10|12) GB)$")]
    private static partial Regex Memory();
}
