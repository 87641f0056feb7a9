# Results documents: JSON round trip, rejection of bad documents, CSV shape and quoting; the measured
# accuracy in both.
cnn_add_qtest(test_results_json SOURCES test_results_json.cpp)
set_target_properties(test_results_json PROPERTIES AUTOMOC ON)
cnn_add_qtest(test_results_json_accuracy SOURCES test_results_json_accuracy.cpp)
set_target_properties(test_results_json_accuracy PROPERTIES AUTOMOC ON)
