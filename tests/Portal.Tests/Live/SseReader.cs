namespace Portal.Tests.Live;

/// <summary>One server-sent event as the wire carried it.</summary>
internal sealed record SseEvent(string Type, string? Id, string Data, int? Retry);

/// <summary>Reads server-sent events the way a browser's EventSource parses them (fields until a blank line).</summary>
internal sealed class SseReader(Stream body) : IDisposable
{
    private readonly StreamReader _reader = new(body);

    /// <summary>The next event; null when the server ended the stream.</summary>
    public async Task<SseEvent?> NextAsync(CancellationToken ct)
    {
        string? type = null, id = null;
        int? retry = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count == 0 && type is null) continue;
                return new SseEvent(type ?? "message", id, string.Join('\n', data), retry);
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event": type = value; break;
                case "id": id = value; break;
                case "data": data.Add(value); break;
                case "retry": retry = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }
        return null;
    }

    /// <summary>Events until one of <paramref name="type"/> that <paramref name="match"/> accepts; fails at the end of the stream.</summary>
    public async Task<SseEvent> UntilAsync(string type, Func<SseEvent, bool> match, CancellationToken ct)
    {
        while (true)
        {
            var next = await NextAsync(ct) ?? throw new Xunit.Sdk.XunitException($"the stream ended before a '{type}' event");
            if (next.Type == type && match(next)) return next;
        }
    }

    public void Dispose() => _reader.Dispose();
}
