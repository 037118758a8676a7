"""The records an initiative carries, as validated documents (`documents`), the words for what is
wrong with one (`problems`), and the economics of a business case (`finance`). Pure data: the
core's requirements judge them."""
