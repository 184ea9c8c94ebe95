namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// One metric's history: a ring of one-minute buckets (24 h plus the current minute). A bucket is
/// reused when its minute comes round again, so memory stays fixed whatever the uptime. Each bucket
/// keeps sum, count, min, max and a sparse log-scale histogram (only the bins that saw values, so a
/// 0/1 counter costs two entries and a latency a few dozen).
/// </summary>
internal sealed class MetricSeries(MetricKey key)
{
    public const int Capacity = 24 * 60 + 1;

    private readonly object _gate = new();
    private readonly Bucket[] _ring = new Bucket[Capacity];
    /// <summary>The newest minute of an empty series: far in the past, yet with room for the window arithmetic not to overflow.</summary>
    public const long Never = long.MinValue / 2;

    private long _newestMinute = Never;

    public MetricKey Key { get; } = key;

    public void Record(double value, long minute)
    {
        lock (_gate)
        {
            if (minute <= _newestMinute - Capacity) return; // older than the window keeps: CloudWatch would have expired it too
            if (minute > _newestMinute) _newestMinute = minute;
            ref var bucket = ref _ring[Slot(minute)];
            if (bucket.Minute != minute || bucket.Count == 0) bucket.Reset(minute);
            bucket.Add(value);
        }
    }

    /// <summary>Aggregates the minutes [firstMinute, firstMinute + minutes) into <paramref name="into"/>; false when none had data.</summary>
    public bool Aggregate(long firstMinute, int minutes, ref Aggregate into, long[] histogram)
    {
        Array.Clear(histogram);
        into = default;
        lock (_gate)
        {
            var from = Math.Max(firstMinute, _newestMinute - Capacity + 1);
            for (var minute = from; minute < firstMinute + minutes && minute <= _newestMinute; minute++)
            {
                ref var bucket = ref _ring[Slot(minute)];
                if (bucket.Minute != minute || bucket.Count == 0) continue;
                into.Merge(bucket.Sum, bucket.Count, bucket.Min, bucket.Max);
                for (var i = 0; i < bucket.Used; i++) histogram[bucket.Bins![i]] += bucket.Counts![i];
            }
        }
        return into.Count > 0;
    }

    public long NewestMinute { get { lock (_gate) return _newestMinute; } }

    /// <summary>Buckets holding data now (at most <see cref="Capacity"/>).</summary>
    internal int RetainedBuckets()
    {
        lock (_gate) return _ring.Count(b => b.Count > 0 && b.Minute > _newestMinute - Capacity);
    }

    internal long ApproximateBytes()
    {
        lock (_gate) return Capacity * 48L + _ring.Sum(b => (long)(b.Bins?.Length ?? 0) * (sizeof(short) + sizeof(int)));
    }

    private static int Slot(long minute) => (int)(((minute % Capacity) + Capacity) % Capacity);

    private struct Bucket
    {
        public long Minute;
        public double Sum;
        public long Count;
        public double Min;
        public double Max;
        public short[]? Bins; // sorted bin numbers that saw values
        public int[]? Counts;
        public int Used;

        public void Reset(long minute)
        {
            Minute = minute;
            Sum = 0;
            Count = 0;
            Min = double.PositiveInfinity;
            Max = double.NegativeInfinity;
            Used = 0; // the arrays are kept: a steady metric reuses them minute after minute
        }

        public void Add(double value)
        {
            Sum += value;
            Count++;
            if (value < Min) Min = value;
            if (value > Max) Max = value;

            var bin = (short)LogHistogram.BinOf(value);
            var at = Bins is null ? ~0 : Array.BinarySearch(Bins, 0, Used, bin);
            if (at >= 0)
            {
                Counts![at]++;
                return;
            }
            at = ~at;
            if (Bins is null || Used == Bins.Length)
            {
                var size = Math.Min(LogHistogram.BinCount, Math.Max(4, (Bins?.Length ?? 0) * 2));
                Array.Resize(ref Bins, size);
                Array.Resize(ref Counts, size);
            }
            Array.Copy(Bins, at, Bins, at + 1, Used - at);
            Array.Copy(Counts!, at, Counts!, at + 1, Used - at);
            Bins[at] = bin;
            Counts![at] = 1;
            Used++;
        }
    }
}

/// <summary>Sum, count, min and max over some buckets.</summary>
internal struct Aggregate
{
    public double Sum;
    public long Count;
    public double Min;
    public double Max;

    public void Merge(double sum, long count, double min, double max)
    {
        if (Count == 0) { Min = min; Max = max; }
        else { Min = Math.Min(Min, min); Max = Math.Max(Max, max); }
        Sum += sum;
        Count += count;
    }
}
