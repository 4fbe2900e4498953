//! A compressed sparse row (CSR) matrix of `f32`, the records type of every estimator here.
//!
//! linfa's own estimators take dense `ndarray`s; a news vocabulary of 50,000+ terms does not fit
//! dense, so this type implements linfa's [`Records`] and the classifier works on it directly.

use linfa::dataset::Records;

/// A sparse row: sorted, distinct column indices and their values.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// Column indices, strictly increasing.
    pub indices: &'a [u32],
    /// Values, one per index.
    pub values: &'a [f32],
}

impl Row<'_> {
    /// Dot product with a dense vector (indices must be in range).
    #[inline]
    pub fn dot(&self, dense: &[f32]) -> f32 {
        self.indices.iter().zip(self.values).map(|(&j, &v)| dense[j as usize] * v).sum()
    }

    /// Squared L2 norm.
    pub fn norm2(&self) -> f32 {
        self.values.iter().map(|v| v * v).sum()
    }

    /// `dense += a * self`.
    #[inline]
    pub fn axpy(&self, a: f32, dense: &mut [f32]) {
        for (&j, &v) in self.indices.iter().zip(self.values) {
            dense[j as usize] += a * v;
        }
    }
}

/// A CSR matrix of `f32`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CsrMatrix {
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f32>,
    ncols: usize,
}

impl CsrMatrix {
    /// An empty matrix with `ncols` columns and no rows.
    pub fn new(ncols: usize) -> Self {
        CsrMatrix { indptr: vec![0], indices: Vec::new(), values: Vec::new(), ncols }
    }

    /// Append a row given as (column, value) pairs sorted by column, columns distinct and
    /// below `ncols`.
    ///
    /// # Panics
    /// If the columns are not strictly increasing or out of range (a programming error).
    pub fn push_row(&mut self, entries: &[(u32, f32)]) {
        let mut last = None;
        for &(j, v) in entries {
            assert!((j as usize) < self.ncols, "column {j} out of range {}", self.ncols);
            assert!(last.is_none_or(|l| l < j), "columns must be strictly increasing");
            last = Some(j);
            self.indices.push(j);
            self.values.push(v);
        }
        self.indptr.push(self.indices.len());
    }

    /// Build from rows.
    pub fn from_rows(ncols: usize, rows: &[Vec<(u32, f32)>]) -> Self {
        let mut m = CsrMatrix::new(ncols);
        m.indices.reserve(rows.iter().map(Vec::len).sum());
        for r in rows {
            m.push_row(r);
        }
        m
    }

    /// Build from CSR arrays (row `i` is `indices[indptr[i]..indptr[i + 1]]`, with `values`
    /// alongside), taking them over without a copy.
    ///
    /// # Panics
    /// If the arrays are inconsistent, or a row's columns are not strictly increasing or out of
    /// range (a programming error).
    pub fn from_parts(ncols: usize, indptr: Vec<usize>, indices: Vec<u32>, values: Vec<f32>) -> Self {
        assert_eq!(indices.len(), values.len(), "one value per index");
        assert!(indptr.first() == Some(&0) && indptr.last() == Some(&indices.len()), "indptr spans the entries");
        for w in indptr.windows(2) {
            assert!(w[0] <= w[1], "indptr is non-decreasing");
            let row = &indices[w[0]..w[1]];
            assert!(row.windows(2).all(|p| p[0] < p[1]), "columns must be strictly increasing");
            assert!(row.last().is_none_or(|&j| (j as usize) < ncols), "column out of range {ncols}");
        }
        CsrMatrix { indptr, indices, values, ncols }
    }

    /// Bytes held by the matrix's arrays (indices, values and row pointers).
    pub fn heap_bytes(&self) -> usize {
        self.indices.len() * 4 + self.values.len() * 4 + self.indptr.len() * std::mem::size_of::<usize>()
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of columns.
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// Number of stored entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row `i`.
    #[inline]
    pub fn row(&self, i: usize) -> Row<'_> {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        Row { indices: &self.indices[a..b], values: &self.values[a..b] }
    }

    /// Iterate over the rows.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> + '_ {
        (0..self.nrows()).map(move |i| self.row(i))
    }

    /// A new matrix made of the given rows, in that order (for cross-validation folds).
    pub fn select_rows(&self, which: &[usize]) -> CsrMatrix {
        let mut m = CsrMatrix::new(self.ncols);
        for &i in which {
            let r = self.row(i);
            m.indices.extend_from_slice(r.indices);
            m.values.extend_from_slice(r.values);
            m.indptr.push(m.indices.len());
        }
        m
    }
}

impl Records for CsrMatrix {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.nrows()
    }

    fn nfeatures(&self) -> usize {
        self.ncols
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_and_read() {
        let m = CsrMatrix::from_rows(4, &[vec![(0, 1.0), (3, 2.0)], vec![], vec![(1, 0.5)]]);
        assert_eq!((m.nrows(), m.ncols(), m.nnz()), (3, 4, 3));
        assert_eq!(m.nsamples(), 3);
        assert_eq!(m.nfeatures(), 4);
        assert_eq!(m.row(0).dot(&[1.0, 1.0, 1.0, 1.0]), 3.0);
        assert_eq!(m.row(1).indices.len(), 0);
        let s = m.select_rows(&[2, 0]);
        assert_eq!(s.row(0).indices, &[1]);
        assert_eq!(s.row(1).values, &[1.0, 2.0]);
        let mut d = vec![0.0; 4];
        m.row(0).axpy(2.0, &mut d);
        assert_eq!(d, vec![2.0, 0.0, 0.0, 4.0]);
    }
}
