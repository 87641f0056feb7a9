# Results documents: JSON round trip, rejection of bad documents, CSV shape and quoting.
cnn_add_qtest(test_results_json SOURCES test_results_json.cpp)
set_target_properties(test_results_json PROPERTIES AUTOMOC ON)
