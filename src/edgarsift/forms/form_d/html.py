"""placeholder"""
def is_rendered_form_d(view):
    return False
