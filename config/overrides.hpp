#pragma once
// `--set key.path=value`: one change to a config's document before it is read, for sweeps
// from the command line. The path names a key of a table:
//   simulation.duration=500
//   population.exc.tau_m=15            a [[population]] or [[projection]] by its name
//   population[1].tau_m=15             ... or by its index
//   projection.drive->exc.weight={distribution = "normal", mean = 0.2, sd = 0.02, low = 0.0}
// The value is TOML: a number, "a string", [an, array], {an = "inline table"}. The key may
// be new (the reader then accepts it or refuses it as usual); the tables on the way must
// exist. A name with a dot in it is reached by its index.
#include <toml.hpp>

#include <string>
#include <vector>

namespace spikesim {

// Applies `assignment` ("path=value") to `root`; InputError naming `source` ("--set") and
// the assignment when the path or the value is not understood.
void apply_override(toml::value& root, const std::string& assignment, const std::string& source);

// The document as TOML text: the effective config a file records after overrides.
std::string toml_text(const toml::value& root);

} // namespace spikesim
