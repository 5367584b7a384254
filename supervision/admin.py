# Reflections and supervision sessions are deliberately not in the admin: their content is private
# to the people who wrote it (a reflection's author; a session's supervisor and supervisee), and
# the admin would show it to anyone with site access.
