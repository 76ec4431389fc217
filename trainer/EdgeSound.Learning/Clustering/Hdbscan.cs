using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Learning.Clustering;

/// <summary>Parameters of <see cref="Hdbscan"/>.</summary>
public sealed record HdbscanOptions
{
    /// <summary>Smallest group of points the condensed tree treats as a cluster (>= 2).</summary>
    public int MinClusterSize { get; init; } = 5;

    /// <summary>
    /// Neighbourhood size for the core distance, the point itself included (scikit-learn's min_samples):
    /// the core distance is the distance to the MinSamples-th nearest point counting the point. Null: MinClusterSize.
    /// </summary>
    public int? MinSamples { get; init; }

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        if (MinClusterSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinClusterSize), MinClusterSize, "HdbscanOptions.MinClusterSize must be >= 2.");
        }

        if (MinSamples is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSamples), MinSamples, "HdbscanOptions.MinSamples must be >= 1.");
        }
    }
}

/// <summary>HDBSCAN labels (noise = -1) and the excess-of-mass stability of each selected cluster (index = label).</summary>
public sealed record HdbscanResult(int[] Labels, double[] Stability)
{
    /// <summary>Number of clusters found (noise excluded).</summary>
    public int ClusterCount => Stability.Length;
}

/// <summary>
/// Hierarchical density-based clustering (Campello, Moulavi and Sander 2013): mutual-reachability distances,
/// their minimum spanning tree (Prim, O(n^2) on the dense matrix), the single-linkage hierarchy, the tree
/// condensed by MinClusterSize, and flat clusters chosen by excess of mass. The root is never selected, so
/// data with one density peak come out as noise (scikit-learn's allow_single_cluster = false).
/// </summary>
public sealed class Hdbscan
{
    private readonly HdbscanOptions _options;

    /// <summary>Creates the clusterer; options are validated here.</summary>
    public Hdbscan(HdbscanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Clusters the rows of <paramref name="x"/>.</summary>
    public HdbscanResult Fit(double[][] x)
    {
        RowMath.ValidateMatrix(x, nameof(x));
        int n = x.Length;
        if (n < 2)
        {
            var single = new int[n];
            Array.Fill(single, -1);
            return new HdbscanResult(single, []);
        }

        double[][] distances = RowMath.PairwiseDistances(x);
        int minSamples = Math.Min(_options.MinSamples ?? _options.MinClusterSize, n);
        var core = new double[n];
        Parallel.For(0, n, i =>
        {
            var row = (double[])distances[i].Clone();
            Array.Sort(row);
            core[i] = row[minSamples - 1];
        });

        (int A, int B, double W)[] edges = MinimumSpanningTree(distances, core);
        Array.Sort(edges, (p, q) => p.W.CompareTo(q.W));
        double tiny = 1e-12 * Math.Max(edges[^1].W, 1e-300);
        Hierarchy tree = SingleLinkage(edges, n, tiny);
        return Select(tree, n, _options.MinClusterSize);
    }

    private static (int A, int B, double W)[] MinimumSpanningTree(double[][] distances, double[] core)
    {
        int n = distances.Length;
        var inTree = new bool[n];
        var best = new double[n];
        var from = new int[n];
        Array.Fill(best, double.PositiveInfinity);
        var edges = new (int, int, double)[n - 1];
        int current = 0;
        inTree[0] = true;
        for (int e = 0; e < n - 1; e++)
        {
            double[] row = distances[current];
            double coreCurrent = core[current];
            int next = -1;
            double nextWeight = double.PositiveInfinity;
            for (int j = 0; j < n; j++)
            {
                if (inTree[j])
                {
                    continue;
                }

                double reach = Math.Max(row[j], Math.Max(coreCurrent, core[j]));
                if (reach < best[j])
                {
                    best[j] = reach;
                    from[j] = current;
                }

                if (best[j] < nextWeight)
                {
                    nextWeight = best[j];
                    next = j;
                }
            }

            edges[e] = (from[next], next, nextWeight);
            inTree[next] = true;
            current = next;
        }

        return edges;
    }

    private sealed class Hierarchy(int n)
    {
        public readonly int[] Left = new int[n - 1];
        public readonly int[] Right = new int[n - 1];
        public readonly double[] Distance = new double[n - 1];
        public readonly int[] Size = new int[2 * n - 1];
    }

    private static Hierarchy SingleLinkage((int A, int B, double W)[] edges, int n, double tiny)
    {
        var tree = new Hierarchy(n);
        var parent = new int[2 * n - 1];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        for (int i = 0; i < n; i++)
        {
            tree.Size[i] = 1;
        }

        for (int e = 0; e < edges.Length; e++)
        {
            int a = Find(parent, edges[e].A);
            int b = Find(parent, edges[e].B);
            int node = n + e;
            tree.Left[e] = a;
            tree.Right[e] = b;
            tree.Distance[e] = Math.Max(edges[e].W, tiny);
            tree.Size[node] = tree.Size[a] + tree.Size[b];
            parent[a] = node;
            parent[b] = node;
        }

        return tree;
    }

    private static int Find(int[] parent, int i)
    {
        int root = i;
        while (parent[root] != root)
        {
            root = parent[root];
        }

        while (parent[i] != root)
        {
            int next = parent[i];
            parent[i] = root;
            i = next;
        }

        return root;
    }

    private static HdbscanResult Select(Hierarchy tree, int n, int minClusterSize)
    {
        // Condensed tree: cluster 0 is the root; clusters are numbered in breadth-first order, so a child
        // always has a larger number than its parent.
        var clusterParent = new List<int> { -1 };
        var clusterBirth = new List<double> { 0 };
        var clusterSize = new List<int> { n };
        var pointCluster = new int[n];
        var pointLambda = new double[n];
        var relabel = new int[2 * n - 1];
        int root = 2 * n - 2;
        relabel[root] = 0;
        var queue = new Queue<int>();
        queue.Enqueue(root);
        var leaves = new Stack<int>();
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            int e = node - n;
            int left = tree.Left[e];
            int right = tree.Right[e];
            double lambda = 1.0 / tree.Distance[e];
            int cluster = relabel[node];
            bool leftBig = tree.Size[left] >= minClusterSize;
            bool rightBig = tree.Size[right] >= minClusterSize;
            if (leftBig && rightBig)
            {
                foreach (int child in new[] { left, right })
                {
                    relabel[child] = clusterParent.Count;
                    clusterParent.Add(cluster);
                    clusterBirth.Add(lambda);
                    clusterSize.Add(tree.Size[child]);
                    queue.Enqueue(child);
                }

                continue;
            }

            if (!leftBig)
            {
                FallOut(left, cluster, lambda);
            }
            else
            {
                relabel[left] = cluster;
                queue.Enqueue(left);
            }

            if (!rightBig)
            {
                FallOut(right, cluster, lambda);
            }
            else
            {
                relabel[right] = cluster;
                queue.Enqueue(right);
            }
        }

        int clusters = clusterParent.Count;
        var stability = new double[clusters];
        for (int p = 0; p < n; p++)
        {
            int c = pointCluster[p];
            stability[c] += pointLambda[p] - clusterBirth[c];
        }

        for (int c = 1; c < clusters; c++)
        {
            int parent = clusterParent[c];
            stability[parent] += (clusterBirth[c] - clusterBirth[parent]) * clusterSize[c];
        }

        var selected = new bool[clusters];
        var subtree = new double[clusters];
        var childTotal = new double[clusters];
        var hasChildren = new bool[clusters];
        for (int c = 1; c < clusters; c++)
        {
            hasChildren[clusterParent[c]] = true;
        }

        for (int c = clusters - 1; c >= 1; c--)
        {
            if (hasChildren[c] && childTotal[c] > stability[c])
            {
                subtree[c] = childTotal[c];
            }
            else
            {
                subtree[c] = stability[c];
                selected[c] = true;
            }

            childTotal[clusterParent[c]] += subtree[c];
        }

        // A selected cluster wins over every selected descendant: walk top-down and clear below a selection.
        var chosenAncestor = new int[clusters];
        chosenAncestor[0] = -1;
        for (int c = 1; c < clusters; c++)
        {
            int above = chosenAncestor[clusterParent[c]];
            if (above >= 0)
            {
                selected[c] = false;
                chosenAncestor[c] = above;
            }
            else
            {
                chosenAncestor[c] = selected[c] ? c : -1;
            }
        }

        var labelOf = new int[clusters];
        var stabilities = new List<double>();
        for (int c = 0; c < clusters; c++)
        {
            labelOf[c] = -1;
            if (selected[c])
            {
                labelOf[c] = stabilities.Count;
                stabilities.Add(stability[c]);
            }
        }

        var labels = new int[n];
        for (int p = 0; p < n; p++)
        {
            int ancestor = chosenAncestor[pointCluster[p]];
            labels[p] = ancestor >= 0 ? labelOf[ancestor] : -1;
        }

        return new HdbscanResult(labels, stabilities.ToArray());

        void FallOut(int node, int cluster, double lambda)
        {
            leaves.Push(node);
            while (leaves.Count > 0)
            {
                int m = leaves.Pop();
                if (m < n)
                {
                    pointCluster[m] = cluster;
                    pointLambda[m] = lambda;
                }
                else
                {
                    leaves.Push(tree.Left[m - n]);
                    leaves.Push(tree.Right[m - n]);
                }
            }
        }
    }
}
