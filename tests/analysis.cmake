# Analysis: pure functions over measured points, each against hand-computed fixtures.
cnn_add_qtest(test_analysis SOURCES test_analysis.cpp analysis_fixtures.h)
cnn_add_qtest(test_analysis_layers SOURCES test_analysis_layers.cpp analysis_fixtures.h)
cnn_add_qtest(test_analysis_pareto SOURCES test_analysis_pareto.cpp analysis_fixtures.h)
cnn_add_qtest(test_noise SOURCES test_noise.cpp analysis_fixtures.h)
cnn_add_qtest(test_analysis_accuracy SOURCES test_analysis_accuracy.cpp analysis_fixtures.h)
set_target_properties(test_analysis test_analysis_layers test_analysis_pareto test_noise test_analysis_accuracy
                      PROPERTIES AUTOMOC ON)
