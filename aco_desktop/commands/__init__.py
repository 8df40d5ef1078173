"""Command-line commands beyond ``settle``'s statement: each command's handler and output formatting.

``aco_desktop.cli`` defines the shared scenario flags and registers these commands; these modules never
import it (no import circle). Bad input is raised as ``ScenarioError(field, message)``: the command line
turns the field into its flag and exits 2 with one line.
"""
