"""One module per `quiz` command: each turns the parsed options into calls on the layers below
and prints the result or a one-line error (quiz.commands.common holds what they share).
"""
