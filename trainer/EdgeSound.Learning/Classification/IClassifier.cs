namespace EdgeSound.Learning.Classification;

/// <summary>A trained classifier over rows of the feature space it was trained on.</summary>
public interface IClassifier
{
    /// <summary>Number of classes (labels are 0..ClassCount-1).</summary>
    int ClassCount { get; }

    /// <summary>Predicted label of each row.</summary>
    int[] Predict(double[][] x);
}
