# Latency distributions: Tukey boxes (quartiles, whiskers, outliers) and their choice of points.
cnn_add_test(test_analysis_distribution SOURCES test_analysis_distribution.cpp analysis_fixtures.h)
