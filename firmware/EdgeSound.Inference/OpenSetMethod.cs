namespace EdgeSound.Inference;

/// <summary>How <see cref="OpenSetRule"/> measures a window's novelty.</summary>
public enum OpenSetMethod
{
    /// <summary>Distance of the centred log-score embedding to the top class's centroid.</summary>
    CentroidDistance,

    /// <summary>One minus the top class's softmax score.</summary>
    MaxScore,

    /// <summary>Distance of the window's log-mel statistics to the nearest K-means centre, over that cluster's spread (<see cref="KMeansAnomaly"/>).</summary>
    KMeans,
}
