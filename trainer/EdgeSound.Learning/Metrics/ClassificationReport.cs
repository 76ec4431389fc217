namespace EdgeSound.Learning.Metrics;

/// <summary>
/// Accuracy, per-class precision / recall / F1, macro-F1 and the confusion matrix of a labelled prediction.
/// Classes are 0..ClassCount-1. A class with no predictions has precision 0, one with no true samples has
/// recall 0 (scikit-learn's zero_division=0). Macro-F1 averages F1 over the classes that occur in the truth
/// or the predictions (scikit-learn's default label set), so absent classes do not drag it down.
/// </summary>
public sealed class ClassificationReport
{
    private ClassificationReport(int[][] confusion)
    {
        Confusion = confusion;
        int k = confusion.Length;
        var precision = new double[k];
        var recall = new double[k];
        var f1 = new double[k];
        var support = new int[k];
        long correct = 0;
        long total = 0;
        double f1Sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++)
        {
            int truePositive = confusion[c][c];
            int actual = 0;
            int predicted = 0;
            for (int o = 0; o < k; o++)
            {
                actual += confusion[c][o];
                predicted += confusion[o][c];
            }

            support[c] = actual;
            precision[c] = predicted > 0 ? (double)truePositive / predicted : 0;
            recall[c] = actual > 0 ? (double)truePositive / actual : 0;
            double sum = precision[c] + recall[c];
            f1[c] = sum > 0 ? 2 * precision[c] * recall[c] / sum : 0;
            correct += truePositive;
            total += actual;
            if (actual > 0 || predicted > 0)
            {
                f1Sum += f1[c];
                present++;
            }
        }

        Precision = precision;
        Recall = recall;
        F1 = f1;
        Support = support;
        Count = (int)total;
        Accuracy = total > 0 ? (double)correct / total : 0;
        MacroF1 = present > 0 ? f1Sum / present : 0;
    }

    /// <summary>Number of classes (rows and columns of <see cref="Confusion"/>).</summary>
    public int ClassCount => Confusion.Count;

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Confusion[true][predicted] counts.</summary>
    public IReadOnlyList<int[]> Confusion { get; }

    /// <summary>Fraction of samples predicted correctly.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted mean of per-class F1 over the classes present in truth or predictions.</summary>
    public double MacroF1 { get; }

    /// <summary>Per-class precision.</summary>
    public IReadOnlyList<double> Precision { get; }

    /// <summary>Per-class recall.</summary>
    public IReadOnlyList<double> Recall { get; }

    /// <summary>Per-class F1.</summary>
    public IReadOnlyList<double> F1 { get; }

    /// <summary>Per-class number of true samples.</summary>
    public IReadOnlyList<int> Support { get; }

    /// <summary>Builds the report from true and predicted labels in 0..classCount-1.</summary>
    public static ClassificationReport Create(int[] truth, int[] predicted, int classCount)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"predicted: {predicted.Length} labels, truth has {truth.Length}.", nameof(predicted));
        }

        if (classCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "classCount must be >= 1.");
        }

        var confusion = new int[classCount][];
        for (int c = 0; c < classCount; c++)
        {
            confusion[c] = new int[classCount];
        }

        for (int i = 0; i < truth.Length; i++)
        {
            if ((uint)truth[i] >= (uint)classCount || (uint)predicted[i] >= (uint)classCount)
            {
                throw new ArgumentException(
                    $"labels at index {i} (truth {truth[i]}, predicted {predicted[i]}) are outside 0..{classCount - 1}.",
                    nameof(truth));
            }

            confusion[truth[i]][predicted[i]]++;
        }

        return new ClassificationReport(confusion);
    }
}
