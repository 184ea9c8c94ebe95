using Portal.Core.Canary;

namespace Portal.Core.Tests.Canary;

// Every expected value below was computed by SciPy, independently of this code, with
//   /usr/bin/python3 tests/Portal.Core.Tests/Canary/scipy_reference.py
// (Debian bookworm's python3-scipy 1.10.1); the script's output line is quoted beside each constant.
public sealed class MannWhitneyUTests
{
    private static readonly double[] Tied = [12.1, 14.3, 15.0, 15.0, 16.2, 18.4, 19.9, 21.0, 22.5, 23.1];
    private static readonly double[] TiedBaseline = [10.0, 11.5, 12.1, 13.0, 14.3, 14.8, 15.0, 16.0, 17.2, 18.0, 19.0];

    [Fact]
    public void Tied_samples_use_the_normal_approximation_with_tie_and_continuity_corrections()
    {
        var twoSided = MannWhitneyU.Test(Tied, TiedBaseline, Alternative.TwoSided);
        var greater = MannWhitneyU.Test(Tied, TiedBaseline, Alternative.Greater);

        Assert.False(twoSided.Exact);
        Assert.Equal(82.0, twoSided.U);                      // ties two-sided 82.0 0.061522757969555905
        Assert.Equal(0.061522757969555905, twoSided.PValue, 1e-12);
        Assert.Equal(82.0, greater.U);                       // ties greater 82.0 0.030761378984777953
        Assert.Equal(0.030761378984777953, greater.PValue, 1e-12);
    }

    [Fact]
    public void Small_samples_without_ties_get_the_exact_distribution()
    {
        double[] canary = [3.1, 4.7, 5.2, 6.8, 7.5];
        double[] baseline = [1.2, 2.5, 3.3, 4.0, 4.4, 5.0, 6.1];

        var twoSided = MannWhitneyU.Test(canary, baseline, Alternative.TwoSided);
        var greater = MannWhitneyU.Test(canary, baseline, Alternative.Greater);

        Assert.True(twoSided.Exact);
        Assert.Equal(27.0, twoSided.U);                      // exact two-sided 27.0 0.148989898989899
        Assert.Equal(0.148989898989899, twoSided.PValue, 1e-12);
        Assert.Equal(0.0744949494949495, greater.PValue, 1e-12); // exact greater 27.0 0.0744949494949495
    }

    [Fact]
    public void Completely_separated_samples_give_a_tiny_p_value_and_a_rank_biserial_of_one()
    {
        var canary = Enumerable.Range(100, 30).Select(v => (double)v).ToArray();
        var baseline = Enumerable.Range(0, 30).Select(v => (double)v).ToArray();

        var result = MannWhitneyU.Test(canary, baseline, Alternative.Greater);

        Assert.Equal(900.0, result.U);                       // far 900.0 1.5099296795810785e-11
        Assert.Equal(1.5099296795810785e-11, result.PValue, 1e-20);
        Assert.Equal(1.0, result.RankBiserial);
    }

    [Fact]
    public void A_lower_canary_is_not_evidence_that_it_is_worse()
    {
        var result = MannWhitneyU.Test(TiedBaseline, Tied, Alternative.Greater);

        Assert.True(result.PValue > 0.9);
        Assert.True(result.RankBiserial < 0);
    }

    [Fact]
    public void Identical_constant_samples_are_indistinguishable()
    {
        var result = MannWhitneyU.Test([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [5, 5, 5, 5, 5, 5, 5, 5, 5, 5], Alternative.TwoSided);

        Assert.Equal(1, result.PValue);
        Assert.Equal(0, result.RankBiserial);
    }

    [Fact]
    public void Empty_or_non_finite_samples_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MannWhitneyU.Test([], [1.0], Alternative.TwoSided));
        Assert.Throws<ArgumentException>(() => MannWhitneyU.Test([double.NaN], [1.0], Alternative.TwoSided));
    }
}

public sealed class TwoProportionTestTests
{
    [Fact]
    public void A_clearly_higher_error_share_is_significant()
    {
        var result = TwoProportionTest.Test(45, 1000, 30, 3000, Alternative.TwoSided);

        // prop [[45, 955], [30, 2970]] 7.066562511750963 1.58818646343354e-12  (√χ² = |z|, χ² test without Yates)
        Assert.Equal(7.066562511750963, result.Z, 1e-9);
        Assert.Equal(1.58818646343354e-12, result.PValue, 1e-20);
        Assert.Equal(0.035, result.Difference, 1e-12);
    }

    [Fact]
    public void A_small_difference_on_few_requests_is_not()
    {
        var twoSided = TwoProportionTest.Test(12, 1000, 10, 1000, Alternative.TwoSided);
        var greater = TwoProportionTest.Test(12, 1000, 10, 1000, Alternative.Greater);

        // prop [[12, 988], [10, 990]] 0.4287661676366146 0.66809340231704
        Assert.Equal(0.4287661676366146, twoSided.Z, 1e-9);
        Assert.Equal(0.66809340231704, twoSided.PValue, 1e-12);
        Assert.Equal(0.66809340231704 / 2, greater.PValue, 1e-12);
    }

    [Fact]
    public void No_errors_on_either_side_is_no_evidence()
    {
        var result = TwoProportionTest.Test(0, 500, 0, 800, Alternative.Greater);

        Assert.Equal(1, result.PValue);
        Assert.Equal(0, result.CohensH);
    }

    [Fact]
    public void Counts_outside_their_totals_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoProportionTest.Test(11, 10, 0, 10, Alternative.Greater));
        Assert.Throws<ArgumentException>(() => TwoProportionTest.Test(0, 0, 0, 10, Alternative.Greater));
    }
}

public sealed class NormalDistributionTests
{
    [Theory]
    [InlineData(0.5, 0.3085375387259869)]      // sf 0.5 0.3085375387259869
    [InlineData(1.96, 0.024997895148220435)]   // sf 1.96 0.024997895148220435
    [InlineData(3.5, 0.00023262907903552502)]  // sf 3.5 0.00023262907903552502
    [InlineData(-1.0, 0.8413447460685429)]     // sf -1.0 0.8413447460685429
    public void Upper_tail_matches_scipy(double z, double expected) =>
        Assert.Equal(expected, NormalDistribution.UpperTail(z), 1e-14);

    [Fact]
    public void Far_tail_keeps_its_relative_precision()
    {
        // sf 8.0 6.22096057427174e-16
        var tail = NormalDistribution.UpperTail(8.0);
        Assert.InRange(tail / 6.22096057427174e-16, 1 - 1e-9, 1 + 1e-9);
    }
}
