# Reference values for MannWhitneyUTests / TwoProportionTestTests / NormalDistributionTests.
# Run: /usr/bin/python3 tests/Portal.Core.Tests/Canary/scipy_reference.py   (Debian's python3-scipy 1.10.1)
from scipy import stats, special
import numpy as np
x=[12.1,14.3,15.0,15.0,16.2,18.4,19.9,21.0,22.5,23.1]; y=[10.0,11.5,12.1,13.0,14.3,14.8,15.0,16.0,17.2,18.0,19.0]
for alt in ['two-sided','greater']:
    r=stats.mannwhitneyu(x,y,alternative=alt,method='asymptotic',use_continuity=True); print('ties',alt,repr(r.statistic),repr(r.pvalue))
a=[3.1,4.7,5.2,6.8,7.5]; b=[1.2,2.5,3.3,4.0,4.4,5.0,6.1]
for alt in ['two-sided','greater']:
    r=stats.mannwhitneyu(a,b,alternative=alt,method='exact'); print('exact',alt,repr(r.statistic),repr(r.pvalue))
c=list(range(100,130)); d=list(range(0,30))
r=stats.mannwhitneyu(c,d,alternative='greater',method='asymptotic'); print('far',repr(r.statistic),repr(r.pvalue))
for z in [0.5,1.96,3.5,8.0,-1.0]: print('sf',z,repr(stats.norm.sf(z)))
for t in [[[45,955],[30,2970]],[[12,988],[10,990]]]:
    chi2,p,dof,_=stats.chi2_contingency(np.array(t),correction=False); print('prop',t,repr(np.sqrt(chi2)),repr(p))
