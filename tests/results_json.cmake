# Results documents: JSON round trip, rejection of bad documents, CSV shape and quoting; the measured
# accuracy in both; the scheduler and schedule record.
cnn_add_test(test_results_json SOURCES test_results_json.cpp)
cnn_add_test(test_results_json_accuracy SOURCES test_results_json_accuracy.cpp)
cnn_add_test(test_results_json_schedule SOURCES test_results_json_schedule.cpp)
