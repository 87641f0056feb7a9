# Analysis: pure functions over measured points, each against hand-computed fixtures.
cnn_add_test(test_analysis SOURCES test_analysis.cpp analysis_fixtures.h)
cnn_add_test(test_analysis_layers SOURCES test_analysis_layers.cpp analysis_fixtures.h)
cnn_add_test(test_analysis_pareto SOURCES test_analysis_pareto.cpp analysis_fixtures.h)
cnn_add_test(test_noise SOURCES test_noise.cpp analysis_fixtures.h)
cnn_add_test(test_analysis_accuracy SOURCES test_analysis_accuracy.cpp analysis_fixtures.h)
cnn_add_test(test_analysis_schedules SOURCES test_analysis_schedules.cpp analysis_fixtures.h)
