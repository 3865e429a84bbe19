using System.Text.Json.Serialization;

namespace NtkGen.Training;

/// <summary>Which optimizer trains the network; written <c>gd</c> or <c>adam</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<OptimizerKind>))]
public enum OptimizerKind
{
    /// <summary>Plain full-batch gradient descent.</summary>
    Gd,

    /// <summary>Adam (β = 0.9, 0.999), as the authors.</summary>
    Adam,
}
