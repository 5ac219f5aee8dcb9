"""kamervragen-kg: a knowledge graph of actors and commitments from Dutch Kamervragen.

The flow is one-way: ``graph.read`` turns a file into a :class:`graph.document.Document`,
``graph.extract`` finds actors, commitments, requests and programmes in it,
``graph.record`` exports the extraction record, ``graph.rdf`` maps records to RDF.
"""

__version__ = "0.1.0"

BASE = "https://w3id.org/kamervragen-kg/"
"""Namespace root of every IRI the project mints (``BASE + 'id/...'``)."""
ACTOR_BASE = f"{BASE}id/actor/"
"""Where actors live: ``ACTOR_BASE + id`` (the gazetteer's id, or a slug of the name)."""
