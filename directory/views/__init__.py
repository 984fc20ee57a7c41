"""The directory's views, by what they answer: pages, data twins, share images and service endpoints."""
