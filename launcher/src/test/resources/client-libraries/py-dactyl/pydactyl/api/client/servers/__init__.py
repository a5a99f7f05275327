# For documentation generator
from .base import ServersBase  #noqa
from .async_base import AsyncServersBase  #noqa