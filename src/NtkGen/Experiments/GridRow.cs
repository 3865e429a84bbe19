using System.Text.Json.Serialization;

namespace NtkGen.Experiments;

/// <summary>What every row of a grid experiment's results starts with: the grid point and what computed it.</summary>
public abstract record GridRow
{
    /// <summary>Depth L (weight layers).</summary>
    [JsonPropertyOrder(-9)]
    public required int Depth { get; init; }

    /// <summary>Hidden width M.</summary>
    [JsonPropertyOrder(-8)]
    public required int Width { get; init; }

    /// <summary>Input dimension n0.</summary>
    [JsonPropertyOrder(-7)]
    public required int N0 { get; init; }

    /// <summary>λ = L/M.</summary>
    [JsonPropertyOrder(-6)]
    public required double Lambda { get; init; }

    /// <summary>σ_w².</summary>
    [JsonPropertyOrder(-5)]
    public required double SigmaW2 { get; init; }

    /// <summary>σ_b².</summary>
    [JsonPropertyOrder(-4)]
    public required double SigmaB2 { get; init; }

    /// <summary>ordered, eoc or chaotic (the mean-field phase of the point).</summary>
    [JsonPropertyOrder(-3)]
    public required string Phase { get; init; }

    /// <summary>Samples (networks) behind the row (0 for an engine that computes exact values).</summary>
    [JsonPropertyOrder(-2)]
    public required long Samples { get; init; }

    /// <summary>The kernel or engine that computed the values.</summary>
    [JsonPropertyOrder(-1)]
    public required string Kernel { get; init; }
}
