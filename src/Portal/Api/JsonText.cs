using System.Text.Json;
using Portal.Core.Text;

namespace Portal.Api;

/// <summary>
/// Checks every name and string in a JSON body before any is read: text that is not valid Unicode (an escaped lone
/// surrogate, "\ud800", which makes GetString throw), control characters, and a name given twice in one object (JSON
/// leaves duplicates undefined; "last one wins" would act on a value the sender may not have meant). Each problem is
/// reported against the field's path ("weights.us-east-1"), or "body" at the top.
/// </summary>
internal static class JsonText
{
    public const string NotUnicode = "Not valid Unicode text (invalid UTF-8, or a lone surrogate such as \\ud800); send UTF-8 text.";
    public const string NoControl = "Control characters (a newline, a tab, NUL...) are not allowed.";

    public static void Check(JsonElement element, string path, Action<string, string> add)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsReadable(property))
                    {
                        add(path.Length == 0 ? "body" : path, "A field name is not valid Unicode text (invalid UTF-8, or a lone surrogate such as \\ud800).");
                        continue;
                    }
                    var field = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (UntrustedText.HasControl(property.Name)) add(path.Length == 0 ? "body" : path,
                        $"The field name {UntrustedText.Quote(property.Name)} has a control character.");
                    else if (!seen.Add(property.Name)) add(field, "Given more than once; give each field once.");
                    Check(property.Value, field, add);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Check(item, $"{path}[{index++}]", add);
                break;
            case JsonValueKind.String:
                if (!TryGetString(element, out var text)) add(Field(path), NotUnicode);
                else if (UntrustedText.HasControl(text)) add(Field(path), NoControl);
                break;
        }
    }

    public static bool IsReadable(JsonProperty property)
    {
        try
        {
            _ = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static bool TryGetString(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static string Field(string path) => path.Length == 0 ? "body" : path;
}
