"""Rendering of untrusted feed content for the terminal (Rich only, never Textual).

``render.text`` makes strings safe to print (control characters and escape sequences
removed); ``render.html`` turns article bodies into Rich renderables with numbered links
and images. Import from the submodules: the parser only needs ``text``, and importing
this package must stay cheap.
"""
