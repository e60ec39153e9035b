#pragma once
// Keyword arguments as the TOML table the config layer reads (config/network_tables.hpp),
// so Network.add_neurons(tau_m=20) and `tau_m = 20` in a file are one code path.
#include <pybind11/pybind11.h>
#include <toml.hpp>

#include <string>

namespace spikesim::python {

// bool, int, float (NumPy scalars too), str, a sequence or NumPy array (nested for 2-D), a
// dict (a table), or an object with a `_config()` method returning one of those (a
// distribution such as spikesim.normal). Anything else is an InputError naming `source` and `key`.
toml::value toml_from_python(pybind11::handle value, const std::string& source,
                             const std::string& key);

// The table {key: value} of the keyword arguments; None values are left out (the default).
toml::value table_from_keywords(const pybind11::dict& keywords, const std::string& source);

} // namespace spikesim::python
