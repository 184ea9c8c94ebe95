using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Portal.Tests;

/// <summary>
/// The layering design.md promises, checked on every build: Portal.Core is plain .NET (no ASP.NET, AWS SDK, Hangfire or
/// LocalCloud), and the AWS adapters talk to AWS only through endpoints, never to the emulator's types.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly Assembly Core = typeof(Portal.Core.Time.Ago).Assembly;
    private static readonly Assembly Web = typeof(Portal.Pages.Display).Assembly;

    [Fact]
    public void Portal_Core_references_only_the_base_class_library()
    {
        var offenders = Core.GetReferencedAssemblies().Select(a => a.Name!).Where(name => !IsBaseClassLibrary(name)).ToList();

        Assert.True(offenders.Count == 0, "Portal.Core must reference only System.*, but references " + string.Join(", ", offenders));
    }

    [Fact]
    public void Portal_Core_project_has_no_package_or_project_references()
    {
        var project = XDocument.Load(Path.Combine(RepositoryFiles.Root, "src", "Portal.Core", "Portal.Core.csproj"));
        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference" or "Reference")
            .Select(e => $"{e.Name.LocalName} {e.Attribute("Include")?.Value}")
            .ToList();

        Assert.True(references.Count == 0, "Portal.Core.csproj must stay plain .NET, but has " + string.Join(", ", references));
    }

    [Fact]
    public void Aws_adapter_sources_never_name_LocalCloud_code()
    {
        var directory = Path.Combine(RepositoryFiles.Root, "src", "Portal", "Aws");
        var offenders = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => LocalCloudNamespace().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(directory, l.file)}:{l.number}")
            .ToList();

        Assert.NotEmpty(Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories));
        Assert.True(offenders.Count == 0, "src/Portal/Aws must not use Portal.LocalCloud: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Aws_adapter_types_expose_no_LocalCloud_type()
    {
        var localCloud = typeof(Portal.LocalCloud.LocalCloudHost).Assembly;
        var adapters = Web.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns == "Portal.Aws" || ns.StartsWith("Portal.Aws.", StringComparison.Ordinal)))
            .ToList();
        var offenders = adapters
            .SelectMany(t => SignatureTypes(t).Where(used => used.Assembly == localCloud).Select(used => $"{t.FullName} uses {used.FullName}"))
            .Distinct()
            .ToList();

        Assert.NotEmpty(adapters);
        Assert.True(offenders.Count == 0, "Portal.Aws must not depend on LocalCloud: " + string.Join(", ", offenders));
    }

    [Fact]
    public void No_CSharp_line_in_src_tests_or_bench_is_longer_than_the_editorconfig_limit()
    {
        var limit = int.Parse(File.ReadLines(RepositoryFiles.PathOf(".editorconfig"))
            .Single(l => l.StartsWith("max_line_length", StringComparison.Ordinal)).Split('=')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var offenders = new[] { "src", "tests", "bench" }
            .SelectMany(top => Directory.EnumerateFiles(RepositoryFiles.PathOf(top), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or "node_modules"))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, length: line.Length, number: i + 1)))
            .Where(l => l.length > limit)
            .Select(l => $"{Path.GetRelativePath(RepositoryFiles.Root, l.file)}:{l.number} ({l.length})")
            .ToList();

        Assert.Equal(160, limit);
        Assert.True(offenders.Count == 0, $"Lines over {limit} characters (build/wrap-long-lines.py breaks most): " + string.Join(", ", offenders));
    }

    private static bool IsBaseClassLibrary(string name) =>
        name is "netstandard" or "mscorlib" or "System"
        || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);

    // Every type a type's shape mentions: base, interfaces, fields, properties, method and constructor signatures.
    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all))
        {
            direct.Add(method.ReturnType);
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
        }
        foreach (var constructor in type.GetConstructors(all)) direct.AddRange(constructor.GetParameters().Select(p => p.ParameterType));
        return direct.OfType<Type>().SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        var element = type.HasElementType ? type.GetElementType() : null;
        if (element is not null) foreach (var inner in Unwrap(element)) yield return inner;
        if (type.IsGenericType) foreach (var inner in type.GetGenericArguments().SelectMany(Unwrap)) yield return inner;
    }

    [GeneratedRegex(@"\bPortal\.LocalCloud\b")]
    private static partial Regex LocalCloudNamespace();
}
