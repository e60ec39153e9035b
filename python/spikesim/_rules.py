"""Connection rules and distributions: small values that Network.connect and
Network.add_neurons turn into the keys of a config table (docs/config.md)."""


class Rule:
    """A connection rule: its name in docs/config.md and its keys. None means the default."""

    def __init__(self, name, **params):
        self.name = name
        self.params = {k: v for k, v in params.items() if v is not None}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"spikesim.{self.name}({args})"


def one_to_one():
    """Neuron i of the source to neuron i of the target (equal sizes)."""
    return Rule("one_to_one")


def all_to_all(autapses=None):
    """Every source neuron to every target neuron; autapses (i -> i within one population)
    are made unless autapses=False."""
    return Rule("all_to_all", autapses=autapses)


def fixed_probability(p, autapses=None):
    """Each possible synapse exists independently with probability p."""
    return Rule("fixed_probability", p=p, autapses=autapses)


def fixed_indegree(k, autapses=None, multapses=None):
    """Each target neuron draws exactly k sources (with repetition unless multapses=False)."""
    return Rule("fixed_indegree", k=k, autapses=autapses, multapses=multapses)


def fixed_outdegree(k, autapses=None, multapses=None):
    """Each source neuron draws exactly k targets (with repetition unless multapses=False)."""
    return Rule("fixed_outdegree", k=k, autapses=autapses, multapses=multapses)


def fixed_total_number(n, autapses=None, multapses=None):
    """Exactly n synapses in all: each draws its source uniformly, then each source its
    targets (without multapses no pair repeats)."""
    return Rule("fixed_total_number", n=n, autapses=autapses, multapses=multapses)


def from_file(file, edges=None):
    """Synapses from a file: a SONATA edges file (`edges` names the edge population when it
    has several), or an .npz / HDF5 file of arrays pre, post, weight and optionally delay.
    Network.connect takes no weight with it, and a delay only if the file has none."""
    return Rule("file", file=str(file), edges=edges)


def matrix(weights):
    """A dense weight matrix W[target][source] (as y = W x, torch.nn.Linear.weight); zero
    entries make no synapse. Network.connect takes no `weight` with it."""
    return Rule("matrix", weights=weights)


class _Distribution:
    """A distribution as a config table: {distribution = "...", ...} (docs/config.md)."""

    def __init__(self, name, **params):
        self.name = name
        self.params = {k: v for k, v in params.items() if v is not None}

    def _config(self):
        return {"distribution": self.name, **self.params}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"spikesim.{self.name}({args})"


def uniform(low, high):
    """Values drawn uniformly in [low, high]: a weight or delay per synapse, or each
    neuron's v_init."""
    return _Distribution("uniform", low=low, high=high)


def normal(mean, sd, low=None, high=None, bounds=None):
    """Normal values, optionally bounded to [low, high]: a draw outside is drawn again
    (bounds="redraw", the default: a truncated normal) or moved to the bound ("clip")."""
    return _Distribution("normal", mean=mean, sd=sd, low=low, high=high, bounds=bounds)


def lognormal(mu, sigma, low=None, high=None, bounds=None):
    """exp(N(mu, sigma)): mu and sigma are the mean and sd of the logarithm; bounds as
    for normal."""
    return _Distribution("lognormal", mu=mu, sigma=sigma, low=low, high=high, bounds=bounds)
