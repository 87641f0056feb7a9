# Adaptive plans: from the analysis, JSON files, prototxt engine fields, executed vs predicted.
cnn_add_test(test_adaptive_plan SOURCES test_adaptive_plan.cpp analysis_fixtures.h)
