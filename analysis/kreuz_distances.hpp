#pragma once
// The ISI-distance (Kreuz et al. 2007) and the SPIKE-distance (Kreuz et al. 2013) of two
// spike trains on [t_start, t_end], with the edge corrections of PySpike 0.7 (Mulansky &
// Kreuz 2016), so that the values agree with PySpike's isi_distance and spike_distance.
// Both are time averages of a profile: piecewise constant (ISI) or piecewise linear (SPIKE).
// Each train needs at least one spike in [t_start, t_end].
#include "analysis/spike_statistics.hpp"

namespace spikesim {

double isi_distance(const SpikeTrain& a, const SpikeTrain& b, double t_start, double t_end);
double spike_distance(const SpikeTrain& a, const SpikeTrain& b, double t_start, double t_end);

} // namespace spikesim
