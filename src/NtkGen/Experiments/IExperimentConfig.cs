namespace NtkGen.Experiments;

/// <summary>The configuration of an experiment: checked before any work, and identified by a hash of what changes its numbers.</summary>
public interface IExperimentConfig
{
    /// <summary>Checks the configuration before any work; throws <see cref="InvalidConfigurationException"/>.</summary>
    void Validate();

    /// <summary>A hash of everything that changes the results: resumed runs and merged shards must match it.</summary>
    string Fingerprint();
}
