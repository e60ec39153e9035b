#pragma once
// Figures are drawn by Python scripts in analysis/ (Debian's python3-matplotlib and
// python3-h5py under /usr/bin/python3) that read the HDF5 files the runs write.
#include <string>
#include <vector>

namespace spikesim::cli {

// Throws InputError when --plot cannot work (no python3 with matplotlib and h5py).
void require_plotting();
// An experiment's figures: its own analysis/<script>, then the generic figures of any
// spikesim file (analysis/plot_file.py: rasters, rates, histograms, membrane traces).
void plot_experiment(const std::string& script, const std::string& h5_file);
// Runs analysis/<script> on `h5_file`; PNGs go next to the file. Prints their names.
void plot(const std::string& script, const std::string& h5_file,
          const std::vector<std::string>& extra = {});

} // namespace spikesim::cli
